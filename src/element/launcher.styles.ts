import { css } from 'lit';

/** What the widget looks like before the panel is first opened: the host and its launcher. */
export default css`
  :host {
    /* Public tokens are read once, here; everything below uses the private aliases. */
    --_accent: var(--genesys-chat-accent, #0b5cad);
    --_on-accent: var(--genesys-chat-on-accent, #ffffff);
    --_surface: var(--genesys-chat-surface, #ffffff);
    --_text: var(--genesys-chat-text, #1f2328);
    --_radius: var(--genesys-chat-radius, 12px);
    --_font: var(--genesys-chat-font, system-ui, sans-serif);
    --_z-index: var(--genesys-chat-z-index, 2147483000);
    --_muted: #57606a;
    --_bubble: #eef1f4;
    --_danger: #b42318;
    --_focus: var(--_text);

    position: fixed;
    inset-block-end: 1rem;
    inset-inline-end: 1rem;
    z-index: var(--_z-index);
    display: flex;
    /* The launcher comes first in the DOM (it controls the panel) but sits below it. */
    flex-direction: column-reverse;
    align-items: end;
    gap: 0.75rem;
    max-inline-size: calc(100vw - 2rem);
    font: 1rem/1.4 var(--_font);
    color: var(--_text);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  button {
    font: inherit;
    cursor: pointer;
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.4em 0.9em;
    background: var(--_surface);
    color: var(--_accent);
  }
  button:disabled {
    cursor: not-allowed;
    border-color: var(--_muted);
    color: var(--_muted);
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='launcher'] {
    position: relative;
    display: grid;
    place-items: center;
    inline-size: 3.5rem;
    block-size: 3.5rem;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
    transition: transform 0.15s ease;
  }
  [part~='launcher']:hover {
    transform: scale(1.05);
  }
  [part~='badge'] {
    position: absolute;
    inset-block-start: -0.25rem;
    inset-inline-end: -0.25rem;
    min-inline-size: 1.4rem;
    padding: 0 0.3rem;
    border-radius: 0.7rem;
    background: var(--_danger);
    color: #ffffff;
    font-size: 0.8rem;
    line-height: 1.4rem;
  }

  /* Small screens and high zoom (320 px wide at 400 %): use nearly all of the viewport. */
  @media (max-width: 30rem), (max-height: 30rem) {
    :host {
      inset-block-end: 0.5rem;
      inset-inline-end: 0.5rem;
      gap: 0.5rem;
      max-inline-size: calc(100vw - 1rem);
    }
    [part~='launcher'] {
      inline-size: 3rem;
      block-size: 3rem;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }

  @media (forced-colors: active) {
    [part~='launcher'],
    [part~='badge'] {
      border: 1px solid CanvasText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
