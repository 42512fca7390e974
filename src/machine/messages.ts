import { readContent } from '../content/read-content.js';
import { stampUrls } from './attachment-urls.js';
import { safeMediaUrl } from '../content/safe-url.js';
import { isEchoReply as isEchoReplyFrame } from '../protocol/frame-rules.js';
import type { DeploymentConfig } from '../protocol/deployment-config.js';
import type { IncomingEvent, StructuredMessage } from '../protocol/frames.js';
import type { Author, ChatMessage } from '../transcript/transcript.js';

/** The ISO time of a message in epoch ms, or `fallback` when the server gave none (history entities may not). */
export function messageTime(body: StructuredMessage, fallback: number): number {
  const time = body.channel?.time ? Date.parse(body.channel.time) : Number.NaN;
  return Number.isFinite(time) ? time : fallback;
}

function authorOf(body: StructuredMessage): Author {
  if (body.direction === 'Inbound') return 'customer';
  return body.originatingEntity === 'Bot' ? 'bot' : 'agent';
}

/** The display name of an agent or bot message's sender, when the server gave one. */
export function senderNameOf(body: StructuredMessage): string | undefined {
  const from = body.channel?.from;
  if (!from) return undefined;
  const name = from.nickname?.trim() || [from.firstName, from.lastName].filter(Boolean).join(' ').trim();
  return name || undefined;
}

/**
 * The transcript entry for a server message, or nothing for frames that are not chat lines
 * (events such as typing and presence); `bot` is the deployment's profile for bots that send none.
 */
export function toChatMessage(body: StructuredMessage, receivedAt: number, bot?: DeploymentConfig['bot']): ChatMessage | undefined {
  if (body.type === 'Event') return undefined;
  const text = body.text ?? '';
  const content = stampUrls(readContent(body.content), receivedAt);
  const hadContent = (body.content?.length ?? 0) > 0;
  if (!text.trim() && !hadContent) return undefined;
  const time = messageTime(body, receivedAt);
  // A bot that says nothing of itself speaks with the name and picture the deployment gives it (humanize).
  const humanized = body.direction === 'Outbound' && body.originatingEntity === 'Bot' ? bot : undefined;
  const name = senderNameOf(body) ?? humanized?.name;
  const avatar = body.direction === 'Outbound' ? (safeMediaUrl(body.channel?.from?.image) ?? safeMediaUrl(humanized?.avatar)) : undefined;
  // A card postback carries the button's text both as text and in its ButtonResponse (§2.4.3): show the choice once.
  const repeatsChoice = content.length > 0 && content.every(c => c.kind === 'choice' && c.text === text.trim());
  // Genesys sends a picker's title as the message's text too: the picker shows it, once.
  const repeatsTitle = content.some(c => (c.kind === 'listPicker' || c.kind === 'datePicker') && c.title?.trim() === text.trim());
  return {
    id: body.id ?? `${body.direction}-${time}-${text.length}`,
    author: authorOf(body),
    text: repeatsChoice || repeatsTitle ? '' : text,
    time,
    ...(name ? { senderName: name } : {}),
    ...(avatar ? { avatar } : {}),
    ...(content.length ? { content } : {}),
    // Content that could not be read at all, and no text: say so rather than show an empty bubble.
    ...(!content.length && !text.trim() ? { unsupported: true } : {}),
  };
}

/** Whether a StructuredMessage is the reply to our keep-alive `echo`, which is never shown (§2.5). */
export const isEchoReply = (type: string, body: StructuredMessage): boolean =>
  isEchoReplyFrame({ class: 'StructuredMessage', type, code: 200, body });

/**
 * The Typing event of an agent's event message, if it has one: `On` for `duration` ms (5 s when
 * unsaid), or `Off`, which real fixtures show although the schema lists only `On` (§3.5).
 */
export function agentTypingOf(events: readonly IncomingEvent[] | undefined): { on: boolean; duration: number } | undefined {
  for (const event of events ?? []) {
    if (event.eventType !== 'Typing') continue;
    const typing = (event as { typing?: { type?: string; duration?: number } }).typing;
    const duration = typing?.duration && typing.duration > 0 ? Math.min(typing.duration, 60_000) : 5000;
    return { on: typing?.type !== 'Off', duration };
  }
  return undefined;
}

/** Whether an event message carries a Presence event of this type. */
export const hasPresence = (events: readonly IncomingEvent[] | undefined, type: string): boolean =>
  (events ?? []).some(e => e.eventType === 'Presence' && (e as { presence?: { type?: string } }).presence?.type === type);
