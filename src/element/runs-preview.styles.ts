import { css } from 'lit';

/**
 * Runs of one sender's messages, the preview above the minimised launcher, the transcript download,
 * and the panel's motion. Adopted with the panel.
 *
 * In a run the name shows on the first message and the time on the last; what is hidden stays for
 * assistive technology, so each message is still read with its sender and time. The preview holds
 * about three lines: the whole message is in the panel. Motion is short and moves only (a
 * transform: a fade would make axe and the eye read text at low contrast); the launcher's styles
 * turn every animation off under `prefers-reduced-motion: reduce`.
 */
export default css`
  .message:not(.first) > .sender,
  .message:not(.last) > time,
  .message:not(.last) > .meta > time {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  [part~='download-button'] {
    padding: 0.3rem;
  }
  [part~='preview'] {
    max-inline-size: 18rem;
    max-block-size: 5.25em;
    overflow: hidden;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 2px 12px #0004;
    /* Shows as a border in forced colours, where the shadow is gone. */
    outline: 1px solid transparent;
    cursor: pointer;
  }
  @keyframes rise {
    from {
      transform: translateY(0.5rem);
    }
  }
  [part~='panel']:not([hidden]),
  [part~='preview'],
  .chunk:last-child > :last-child {
    animation: rise 0.18s ease-out;
  }
`;
