import { css } from 'lit';

/**
 * Phones: the open panel is the whole visual viewport (MobileViewport keeps the `--_vv-*` properties on
 * it as the on-screen keyboard opens), clear of notches and rounded corners; the header's minimise button
 * closes it. Adopted after panel.styles.ts, over its small-screen sizes.
 */
export default css`
  @media (max-width: 599.98px) {
    :host([open]) {
      inset: var(--_vv-top, 0) auto auto var(--_vv-left, 0);
      inline-size: var(--_vv-width, min(100%, 100vw));
      block-size: var(--_vv-height, min(100%, 100dvh));
      max-inline-size: none;
    }
    :host([open]) [part~='launcher'] {
      display: none;
    }
    [part~='panel'] {
      inline-size: 100%;
      block-size: 100%;
      border-radius: 0;
      padding-inline: env(safe-area-inset-left, 0px) env(safe-area-inset-right, 0px);
    }
    [part~='header'] {
      padding-block-start: calc(0.5rem + env(safe-area-inset-top, 0px));
    }
    [part~='composer'] {
      padding-block-end: calc(0.75rem + env(safe-area-inset-bottom, 0px));
    }
  }
`;
