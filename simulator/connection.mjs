// @ts-check
/** One guest WebSocket, as the Guest API sees it: its session, and its way out through its token's faults. */
import { isEchoOrError, untagged } from './frames.mjs';
import { isStructuredMessage } from './outbox.mjs';

/**
 * @typedef {import('./outbox.mjs').Outbox} Outbox
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./outbox.mjs').Transport} Transport
 */

let socketSequence = 0;

/** One guest WebSocket. It belongs to at most one session, from its configureSession on. */
export class Connection {
  id = `socket-${++socketSequence}`;
  /** @type {Session | null} */
  session = null;
  /**
   * The token whose faults its frames go through: its session's, kept when the server detaches it,
   * so the frames still on their way to it stay in order.
   * @type {string | null}
   */
  faultToken = null;

  /**
   * @param {string} deploymentId @param {Transport} transport
   * @param {string} origin the simulator's origin as this socket reached it, for the upload URLs it is given
   * @param {(connection: Connection) => Outbox} outbox its way out, through its token's faults
   * @param {() => boolean} [tagsAnswers] whether its deployment names the request in echoes and errors (`tagAnswers`)
   */
  constructor(deploymentId, transport, origin, outbox, tagsAnswers = () => true) {
    this.deploymentId = deploymentId;
    this.transport = transport;
    this.origin = origin;
    this.outbox = outbox(this);
    this.tagsAnswers = tagsAnswers;
  }

  /** @param {ServerFrame} frame */
  send(frame) {
    if (!this.transport.isOpen()) return;
    const sent = isEchoOrError(frame) && !this.tagsAnswers() ? untagged(frame) : frame;
    this.outbox.send(JSON.stringify(sent), frame.class === 'StructuredMessage');
  }

  /** A text frame exactly as given (the control API's raw frames). @param {string} text */
  sendRaw(text) {
    if (this.transport.isOpen()) this.outbox.send(text, isStructuredMessage(text));
  }

  /** The server closes it, after the frames already on their way. @param {number} code */
  close(code) {
    this.outbox.close(code);
  }

  /** The server cuts the TCP connection. */
  terminate() {
    this.outbox.terminate();
  }
}
