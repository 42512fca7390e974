import { css } from 'lit';

/** What the widget looks like before the panel is first opened: the host and its launcher. */
export default css`
  :host {
    /* Public tokens are read once, here; everything below uses the private aliases. light-dark() follows
       the color-scheme the theme attribute sets; colours a site leaves unset follow the ones it sets. */
    color-scheme: light;
    --_accent: var(--genesys-chat-accent, var(--_brand, light-dark(#0b5cad, #5cadff)));
    --_surface: var(--genesys-chat-surface, light-dark(#ffffff, #1c2128));
    --_text: var(--genesys-chat-text, light-dark(#1f2328, #e6edf3));
    --_danger: var(--genesys-chat-danger, light-dark(#b42318, #ff8a80));
    --_muted: var(--genesys-chat-muted, color-mix(in srgb, var(--_text) 72%, var(--_surface)));
    --_bubble: var(--genesys-chat-bubble, color-mix(in srgb, var(--_text) 9%, var(--_surface)));
    --_bubble-text: var(--genesys-chat-bubble-text, var(--_text));
    --_on-accent: var(--genesys-chat-on-accent, #ffffff);
    --_on-danger: var(--genesys-chat-on-danger, #ffffff);
    --_focus: var(--genesys-chat-focus, var(--_text));
    --_halo: var(--genesys-chat-focus-halo, var(--_surface));
    --_shadow: var(--genesys-chat-shadow, rgb(0 0 0 / 0.3));
    --_radius: var(--genesys-chat-radius, 12px);
    --_font: var(--genesys-chat-font, system-ui, sans-serif);
    --_z-index: var(--genesys-chat-z-index, 2147483000);
    --_edge: 1rem;

    position: fixed;
    /* Against the viewport even when the page is wider than it (a phone then widens the area fixed
       boxes are placed in): 100% - 100vw is how much wider that area is. */
    inset-block-end: max(var(--_bottom-space, var(--_edge)) + env(safe-area-inset-bottom, 0px), 100% - 100dvh + var(--_bottom-space, var(--_edge)));
    inset-inline-end: max(var(--_side-space, var(--_edge)) + env(safe-area-inset-right, 0px), 100% - 100vw + var(--_side-space, var(--_edge)));
    z-index: var(--_z-index);
    display: flex;
    /* The launcher comes first in the DOM (it controls the panel) but sits below it. */
    flex-direction: column-reverse;
    align-items: end;
    gap: 0.75rem;
    max-inline-size: calc(100vw - 2 * var(--_edge));
    font: 1rem/1.4 var(--_font);
    color: var(--_text);
  }
  /* The side the deployment (position) or the position attribute asks for. */
  :host(:state(left)) {
    inset-inline-end: auto;
    left: calc(var(--_side-space, var(--_edge)) + env(safe-area-inset-left, 0px));
    align-items: start;
  }
  :host(:state(right)) {
    inset-inline-end: auto;
    right: max(var(--_side-space, var(--_edge)) + env(safe-area-inset-right, 0px), 100% - 100vw + var(--_side-space, var(--_edge)));
    align-items: end;
  }
  .debug {
    max-inline-size: 28rem;
    max-block-size: 40vh;
    overflow: auto;
    padding: 0.5rem 0.75rem;
    border: 2px dashed var(--_danger);
    background: var(--_surface);
    font-size: 0.85rem;
  }
  .debug h2 {
    margin: 0;
    font-size: 0.95rem;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  /* Text on the accent and danger colours: black or white, whichever reads at 4.5:1 or more (y is the
     relative luminance; 0.18 leaves both choices above 4.5:1). A colour the site sets wins. */
  @supports (color: color(from red xyz-d65 x y z)) {
    :host {
      /* The accent as text or outline on the surface (buttons, links, chips): darkened on the light
         surface, lightened on the dark one, so any brand colour reads at 4.5:1 there (oklch L 0.5 and 0.75). */
      --_accent-ink: var(
        --genesys-chat-accent-text,
        light-dark(oklch(from var(--_accent) min(l, 0.5) c h), oklch(from var(--_accent) max(l, 0.75) c h))
      );
      --_on-accent: var(
        --genesys-chat-on-accent,
        color(from var(--_accent) xyz-d65 calc(0.9505 * clamp(0, (0.18 - y) * 1e9, 1)) clamp(0, (0.18 - y) * 1e9, 1) calc(1.089 * clamp(0, (0.18 - y) * 1e9, 1)))
      );
      --_on-danger: var(
        --genesys-chat-on-danger,
        color(from var(--_danger) xyz-d65 calc(0.9505 * clamp(0, (0.18 - y) * 1e9, 1)) clamp(0, (0.18 - y) * 1e9, 1) calc(1.089 * clamp(0, (0.18 - y) * 1e9, 1)))
      );
    }
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
    border: 1px solid var(--_accent-ink, var(--_accent));
    border-radius: calc(var(--_radius) / 2);
    padding: 0.4em 0.9em;
    background: var(--_surface);
    color: var(--_accent-ink, var(--_accent));
  }
  button:disabled {
    cursor: not-allowed;
    border-color: var(--_muted);
    color: var(--_muted);
  }
  /* A ring with a halo on both sides, so it shows on light and dark pages alike. */
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 7px var(--_halo);
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
    box-shadow: 0 2px 8px var(--_shadow);
    transition: transform 0.15s ease;
  }
  [part~='launcher']:focus-visible {
    box-shadow: 0 0 0 7px var(--_halo), 0 2px 8px var(--_shadow);
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
    color: var(--_on-danger);
    font-size: 0.8rem;
    line-height: 1.4rem;
  }

  /* Small screens and high zoom (320 px wide at 400 %): use nearly all of the viewport. */
  @media (max-width: 30rem), (max-height: 30rem) {
    :host {
      --_edge: 0.5rem;
      gap: 0.5rem;
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
