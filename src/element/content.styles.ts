import { css } from 'lit';

/**
 * Rules for rich content, scoped to the `.rich` wrapper `renderContent` emits. Colours come from the
 * element's private aliases when it defines them, else from the public tokens, so the rules also
 * stand alone.
 */
export const contentStyles = css`
  .rich {
    --_c-accent: var(--_accent-ink, var(--_accent, var(--genesys-chat-accent, #0b5cad)));
    --_c-surface: var(--_surface, var(--genesys-chat-surface, #ffffff));
    --_c-text: var(--_text, var(--genesys-chat-text, #1f2328));
    --_c-muted: var(--_muted, var(--genesys-chat-muted, #57606a));
    --_c-radius: var(--_radius, var(--genesys-chat-radius, 12px));
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .rich:empty {
    display: none;
  }
  .rich p {
    margin: 0;
  }
  .rich .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .rich :focus-visible {
    outline: 3px solid var(--_focus, var(--_c-text));
    outline-offset: 2px;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
  }
  /* Buttons, card links and picker choices look alike, each at least 24 x 24 px (WCAG 2.2 target size). */
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    min-block-size: 2rem;
    min-inline-size: 2rem;
    padding: 0.25em 0.8em;
    border: 1px solid var(--_c-accent);
    border-radius: 1rem;
    background: var(--_c-surface);
    color: var(--_c-accent);
    font: inherit;
    text-decoration: none;
    cursor: pointer;
  }
  .chip:hover:not(:disabled) {
    text-decoration: underline;
  }
  .chip:disabled,
  fieldset:disabled .chip {
    border-color: var(--_c-muted);
    color: var(--_c-muted);
    cursor: not-allowed;
  }
  .chip:has(:checked),
  .item:has(:checked) {
    border-color: var(--_c-accent);
    box-shadow: inset 0 0 0 1px var(--_c-accent);
  }
  .send {
    align-self: start;
  }

  .card,
  .picker fieldset:not(.section) {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    margin: 0;
    padding: 0.75rem;
    border: 1px solid var(--_c-muted);
    border-radius: var(--_c-radius);
    background: var(--_c-surface);
    color: var(--_c-text);
  }
  .card-image,
  .picker-image,
  [part~='attachment-image'] {
    display: block;
    max-inline-size: 100%;
    max-block-size: 240px;
    object-fit: cover;
    border-radius: calc(var(--_c-radius) / 2);
  }
  .card-title a,
  .card a:not(.chip) {
    color: var(--_c-accent);
  }
  .card-text,
  .picker-text,
  .hint,
  .item-subtitle {
    font-size: 0.875rem;
    color: var(--_c-muted);
  }

  .carousel {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    min-inline-size: 0;
  }
  .slides {
    display: flex;
    gap: 0.5rem;
    overflow-x: auto;
    overscroll-behavior-x: contain;
    scroll-snap-type: x mandatory;
    scroll-behavior: smooth;
  }
  .slide {
    flex: 0 0 85%;
    scroll-snap-align: start;
    border-radius: var(--_c-radius);
  }
  .slide:only-child {
    flex-basis: 100%;
  }
  .slide:focus-visible {
    /* Inside the scroller, so an outside outline would be clipped. */
    outline-offset: -3px;
  }
  .slide > .card {
    block-size: 100%;
  }

  .picker legend {
    /* Floated, a legend sits inside its box like any other line instead of on the border. */
    float: inline-start;
    inline-size: 100%;
    padding: 0;
  }
  .picker-title {
    font-weight: 600;
  }
  .section {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .section-title {
    display: block;
    font-weight: 600;
  }
  .item {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-block-size: 2rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_c-muted);
    border-radius: calc(var(--_c-radius) / 2);
    cursor: pointer;
  }
  .item-image {
    inline-size: 2.5rem;
    block-size: 2.5rem;
    object-fit: cover;
    border-radius: 4px;
  }
  .item-text,
  .item-subtitle {
    display: flex;
    flex-direction: column;
  }
  .option input {
    margin: 0;
    accent-color: var(--_c-accent);
  }

  .file,
  .image-link {
    color: inherit;
    align-self: start;
  }
  .unsupported-text {
    display: block;
    font-style: normal;
  }
  .choice {
    white-space: pre-wrap;
  }

  @media (prefers-reduced-motion: reduce) {
    .slides {
      scroll-behavior: auto;
    }
  }
  /* One way to move through a carousel: Previous and Next (and the keys, and swiping), not a scrollbar too. */
  .carousel .slides {
    scrollbar-width: none;
  }
  .carousel .slides::-webkit-scrollbar {
    display: none;
  }
  @media (forced-colors: active) {
    .chip:has(:checked),
    .item:has(:checked) {
      outline: 2px solid Highlight;
    }
  }
`;

export default contentStyles;
