import { decodeFrame } from '../../src/protocol/decode.js';
import type { ServerFrame } from '../../src/protocol/frames.js';

/** A fixture as the widget reads it: serialised and decoded; throws if the decoder refuses it. */
export function decoded(frame: unknown): ServerFrame {
  const result = decodeFrame(JSON.stringify(frame));
  if (!result.ok) throw new Error(`rejected: ${result.detail}`);
  return result.frame;
}
