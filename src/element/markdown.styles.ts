import { css } from 'lit';

/** Rules for markdown inside a message bubble, scoped to the `.md` wrapper `renderText` emits. */
export default css`
  .md > :is(p, ul, ol, pre) {
    margin: 0;
  }
  .md > * + * {
    margin-block-start: 0.5em;
  }
  .md :is(ul, ol) {
    padding-inline-start: 1.5em;
  }
  .md pre {
    /* Code keeps its layout: wide lines scroll inside the bubble instead of wrapping. */
    overflow: auto;
    white-space: pre;
    overflow-wrap: normal;
    padding: 0.5em;
    border-radius: 4px;
    background: color-mix(in srgb, currentColor 8%, transparent);
  }
  .md code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .md a {
    color: inherit;
    text-decoration: underline;
  }
  .md :is(a, pre):focus-visible {
    outline: 2px solid currentColor;
    outline-offset: 2px;
  }
`;
