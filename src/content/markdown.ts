import { safeLinkUrl } from './safe-url.js';

/*
 * The Messenger markdown subset as a tree the view renders with text bindings only: agent and bot
 * text is untrusted, so the parser never yields markup. Each node is named after the element it
 * becomes.
 */

/** Inline content: text, `**strong**`, `*em*`, `~~del~~`, `` `code` ``, links and line breaks. */
export type MdInline =
  | { readonly type: 'text' | 'code'; readonly text: string }
  | { readonly type: 'strong' | 'em' | 'del'; readonly children: readonly MdInline[] }
  /** `href` has passed `safeLinkUrl`. */
  | { readonly type: 'a'; readonly href: string; readonly children: readonly MdInline[] }
  | { readonly type: 'br' };

/** Block content: paragraphs, fenced code (verbatim) and bulleted or numbered lists of inline items. */
export type MdBlock =
  | { readonly type: 'p'; readonly children: readonly MdInline[] }
  | { readonly type: 'pre'; readonly text: string }
  | { readonly type: 'ul'; readonly items: readonly (readonly MdInline[])[] }
  | { readonly type: 'ol'; readonly start: number; readonly items: readonly (readonly MdInline[])[] };

/** Hostile input must not build a tree deep enough to exhaust the stack when rendered. */
const MAX_DEPTH = 8;

const FENCE = /^ {0,3}(`{3,})[^`]*$/;
const FENCE_CLOSE = /^ {0,3}(`{3,})\s*$/;
const ITEM = /^\s*(?:[-*+]|(\d{1,9})[.)])[ \t]+(\S.*)$/;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const PUNCT = /[\p{P}\p{S}]/u;
const WORD = /[\p{L}\p{N}]/u;
// Character classes only, no nested quantifiers: each attempt is linear.
const PLAIN = /[^\\\n`*_~[\]hH]+/y;
const BARE_URL = /https?:\/\/[^\s<>[\]]+/iy;

interface Frame {
  /** The delimiter that opened it (`*`, `**`, `_`, `__`, `~~` or `[`); empty for the root. */
  readonly mark: string;
  readonly kids: MdInline[];
  /** A `[` that can no longer become a link because a link formed inside it. */
  dead?: boolean;
}

/** Where the run of `len` backticks that closes a code span starts, or -1. */
function closingTicks(s: string, from: number, len: number): number {
  for (let j = s.indexOf('`', from); j >= 0; j = s.indexOf('`', from)) {
    from = j;
    while (s[from] === '`') from++;
    if (from - j === len) return j;
  }
  return -1;
}

/**
 * For each `(`, the `)` that balances it before any whitespace: where a link destination that starts
 * there ends. One pass, so many `](` without a `)` stay linear.
 */
function closingParens(s: string): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if (c === '(') open.push(j);
    else if (c === ')' && open.length) closes.set(open.pop()!, j);
    else if (c <= ' ') open.length = 0;
  }
  return closes;
}

/** A bare URL without the punctuation that usually ends the sentence around it. */
function trimUrl(url: string): string {
  let open = 0;
  let close = 0;
  for (const c of url) {
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  let end = url.length;
  for (;;) {
    const c = url[end - 1]!;
    if (c === ')' && close > open) close--;
    else if (!'.,:;!?*_~\'"'.includes(c)) break;
    end--;
  }
  return url.slice(0, end);
}

/** The inline content of one paragraph or list item; a newline is a hard break. */
function parseInline(s: string): MdInline[] {
  const root: Frame = { mark: '', kids: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  // Adjacent text is merged so the tree stays small and predictable.
  const add = (node: MdInline | string, kids = top().kids) => {
    const last = kids[kids.length - 1];
    if (typeof node !== 'string') kids.push(node);
    else if (last?.type === 'text') kids[kids.length - 1] = { type: 'text', text: last.text + node };
    else if (node) kids.push({ type: 'text', text: node });
  };
  // An opener that never closed is just the characters it was made of.
  const literal = (frame: Frame, kids = top().kids) => {
    add(frame.mark, kids);
    for (const kid of frame.kids) add(kid.type === 'text' ? kid.text : kid, kids);
  };
  const popTo = (frame: Frame) => {
    for (let f = stack.pop()!; f !== frame; f = stack.pop()!) literal(f);
    return frame.kids;
  };
  // Emphasis does not close across an open `[`: the link binds tighter.
  const innermost = (match: (f: Frame) => boolean, stopAtBracket: boolean) => {
    for (let k = stack.length - 1; k > 0; k--) {
      const f = stack[k]!;
      if (match(f)) return f;
      if (stopAtBracket && f.mark === '[') return undefined;
    }
    return undefined;
  };
  const failedTicks = new Set<number>();
  let parens: Map<number, number> | undefined;

  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    const next = s[i + 1];
    if (c === '\\' && next && ESCAPABLE.test(next)) {
      add(next);
      i += 2;
      continue;
    }
    if (c === '\n') {
      add({ type: 'br' });
      i++;
      continue;
    }
    if (c === '`') {
      let j = i;
      while (s[j] === '`') j++;
      const len = j - i;
      // Once no closer of a length exists, none will later either: keeps unmatched ticks linear.
      const end = failedTicks.has(len) ? -1 : closingTicks(s, j, len);
      if (end < 0) {
        failedTicks.add(len);
        add(s.slice(i, j));
      } else {
        const code = s.slice(j, end);
        const padded = code.length > 2 && code[0] === ' ' && code.endsWith(' ') && code.trim();
        add({ type: 'code', text: padded ? code.slice(1, -1) : code });
        j = end + len;
      }
      i = j;
      continue;
    }
    if (c === '*' || c === '_' || c === '~') {
      let j = i;
      while (s[j] === c) j++;
      if (c === '~' && j - i !== 2) {
        add(s.slice(i, j));
        i = j;
        continue;
      }
      let n = j - i;
      const before = s[i - 1];
      const after = s[j];
      const spaceBefore = !before || /\s/.test(before);
      const spaceAfter = !after || /\s/.test(after);
      const punctBefore = !!before && PUNCT.test(before);
      const punctAfter = !!after && PUNCT.test(after);
      const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
      const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
      // Underscores inside a word (snake_case) are not emphasis.
      const canOpen = c === '_' ? left && (!right || punctBefore) : left;
      const canClose = c === '_' ? right && (!left || punctAfter) : right;
      while (n && canClose) {
        const f = innermost(f => f.mark[0] === c && f.mark.length <= n, true);
        if (!f) break;
        const children = popTo(f);
        add({ type: f.mark === '~~' ? 'del' : f.mark.length > 1 ? 'strong' : 'em', children });
        n -= f.mark.length;
      }
      while (n && canOpen && stack.length <= MAX_DEPTH) {
        const size = n >= 2 ? 2 : 1;
        stack.push({ mark: c.repeat(size), kids: [] });
        n -= size;
      }
      add(c.repeat(n));
      i = j;
      continue;
    }
    if (c === '[' && stack.length <= MAX_DEPTH) {
      stack.push({ mark: '[', kids: [] });
      i++;
      continue;
    }
    if (c === ']') {
      const f = innermost(f => f.mark === '[' && !f.dead, false);
      const end = f && next === '(' ? (parens ??= closingParens(s)).get(i + 1) : undefined;
      if (!f || end === undefined) {
        // The failed `[` becomes text where it stands; emphasis opened after it stays open.
        if (f) {
          const k = stack.indexOf(f);
          stack.splice(k, 1);
          literal(f, stack[k - 1]!.kids);
        }
        add(']');
        i++;
        continue;
      }
      const label = popTo(f);
      const url = safeLinkUrl(s.slice(i + 2, end));
      if (url) {
        add({ type: 'a', href: url, children: label.length ? label : [{ type: 'text', text: url }] });
        // HTML links cannot nest, so an enclosing `[` stays text.
        for (const g of stack) if (g.mark === '[') g.dead = true;
      } else {
        for (const kid of label) add(kid.type === 'text' ? kid.text : kid);
      }
      i = end + 1;
      continue;
    }
    if ((c === 'h' || c === 'H') && !WORD.test(s[i - 1] ?? '') && !stack.some(f => f.mark === '[')) {
      BARE_URL.lastIndex = i;
      const match = BARE_URL.exec(s);
      const text = match && trimUrl(match[0]);
      if (text) {
        const url = safeLinkUrl(text);
        // Consumed even when rejected, so a long run of URL-like text is looked at only once.
        add(url ? { type: 'a', href: url, children: [{ type: 'text', text }] } : text);
        i += text.length;
        continue;
      }
    }
    PLAIN.lastIndex = i;
    const plain = PLAIN.exec(s);
    const text = plain ? plain[0] : c;
    add(text);
    i += text.length;
  }
  while (stack.length > 1) literal(stack.pop()!);
  return root.kids;
}

/**
 * Parses agent or bot message text written in the Genesys Messenger markdown subset: paragraphs,
 * fenced code blocks, one level of bulleted and numbered lists, bold, italic, strikethrough, inline
 * code, links and bare http(s) URLs. A single newline is a line break, a blank line a new paragraph.
 * Links whose URL `safeLinkUrl` rejects keep only their label. Anything not understood, including
 * unclosed markers, stays literal text. Never throws; time is roughly linear in the input length and
 * inline nesting is capped, so hostile text cannot stall the page or blow the stack.
 */
export function parseMarkdown(text: string): MdBlock[] {
  const blocks: MdBlock[] = [];
  const lines = String(text).split(/\r\n?|\n/);
  let paragraph: string[] | undefined;
  let list: { start: number | undefined; items: string[]; gap: boolean } | undefined;
  const flush = () => {
    if (paragraph) blocks.push({ type: 'p', children: parseInline(paragraph.join('\n')) });
    if (list) {
      const { start, items } = list;
      blocks.push(start === undefined ? { type: 'ul', items: items.map(parseInline) } : { type: 'ol', start, items: items.map(parseInline) });
    }
    paragraph = list = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      // An unclosed fence runs to the end of the message, as in CommonMark.
      for (let close; ++i < lines.length; body.push(lines[i]!)) {
        close = FENCE_CLOSE.exec(lines[i]!);
        if (close && close[1]!.length >= fence[1]!.length) break;
      }
      blocks.push({ type: 'pre', text: body.join('\n') });
      continue;
    }
    const trimmed = line.trim();
    if (!trimmed) {
      if (paragraph) flush();
      if (list) list.gap = true;
      continue;
    }
    const item = ITEM.exec(line);
    // "…in 2024.\n14. was…" should not turn into a list: only "1." may interrupt a paragraph.
    if (item && !(paragraph && item[1] && item[1] !== '1')) {
      const start = item[1] === undefined ? undefined : Number(item[1]);
      if (!list || (list.start === undefined) !== (start === undefined)) {
        flush();
        list = { start, items: [], gap: false };
      }
      list.items.push(item[2]!.trim());
      list.gap = false;
    } else if (list && !list.gap && /^\s/.test(line)) {
      // An indented line continues the item above it.
      list.items[list.items.length - 1] += '\n' + trimmed;
    } else {
      if (list) flush();
      (paragraph ??= []).push(trimmed);
    }
  }
  flush();
  return blocks;
}
