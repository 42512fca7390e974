import { css } from 'lit';

/** The panel, adopted when the conversation part of the widget loads. */
export default css`
  [part~='panel'] {
    display: flex;
    flex-direction: column;
    inline-size: min(24rem, calc(100vw - 2rem));
    block-size: min(36rem, calc(100dvh - 6rem));
    /* At high zoom the panel scrolls as a whole rather than squeezing the transcript to nothing. */
    overflow-y: auto;
    background: var(--_surface);
    border-radius: var(--_radius);
    box-shadow: 0 4px 24px var(--_shadow);
  }
  [part~='header'] {
    --_focus: var(--_on-accent);
    --_halo: var(--_accent);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .title {
    /* A zero basis lets a long title wrap instead of pushing the buttons to another line. */
    flex: 1 1 0%;
    min-inline-size: 0;
    overflow-wrap: anywhere;
    margin: 0;
    font-size: 1.05rem;
  }
  [part~='header'] button {
    border-color: var(--_on-accent);
    background: transparent;
    color: var(--_on-accent);
  }
  [part~='minimize-button'] {
    display: grid;
    place-items: center;
    padding: 0.3rem;
  }

  .empty {
    margin: 0.75rem 0.75rem 0;
    color: var(--_muted);
  }
  [part~='transcript'] {
    flex: 1 1 auto;
    min-block-size: 6rem;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 0.75rem;
    /* Opaque, so the browser scrolls it on the compositor instead of repainting what is shown. */
    background: var(--_surface);
  }
  [part~='message'] {
    display: flex;
    flex-direction: column;
    inline-size: fit-content;
    max-inline-size: 85%;
    margin-block-end: 0.5rem;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_bubble);
    color: var(--_bubble-text);
    /* A message's inside never changes the layout of the others: a new one lays out alone. */
    contain: layout style;
  }
  [part~='message-customer'] {
    margin-inline-start: auto;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .sender {
    font-size: 0.8rem;
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .unsupported {
    font-style: italic;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .meta time {
    white-space: nowrap;
  }
  [part~='message-customer'] .meta {
    justify-content: end;
    color: var(--_on-accent);
  }
  .failed {
    font-weight: 700;
  }
  .avatar {
    inline-size: 28px;
    block-size: 28px;
    border-radius: 50%;
    object-fit: cover;
  }
  .badge-bot {
    font-size: 0.7rem;
    font-weight: 600;
    padding: 0 0.35em;
    border: 1px solid currentColor;
    border-radius: 0.5em;
  }
  .link-button {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
    min-block-size: 24px;
  }
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0.5rem 0.75rem 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_accent);
    background: var(--_bubble);
  }
  .notice p {
    margin: 0;
  }
  .earlier {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem 0;
    font-size: 0.875rem;
  }
  .earlier p {
    margin: 0;
  }

  [part~='status'] {
    margin: 0;
    padding: 0 0.75rem;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  [part~='status']:empty {
    display: none;
  }
  [part~='typing'] {
    margin: 0;
    padding: 0 0.75rem;
    min-block-size: 1.25rem;
    font-size: 0.875rem;
    font-style: italic;
    color: var(--_muted);
  }
  [part~='error'] {
    margin: 0.5rem 0.75rem 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_danger);
    background: var(--_bubble);
  }
  [part~='error'] p {
    margin: 0 0 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
  }
  [part~='error'] .actions {
    padding: 0;
  }

  [part~='composer'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
    padding: 0.75rem;
    border-block-start: 1px solid var(--_bubble);
  }
  [part~='input'] {
    flex: 1 1 auto;
    min-inline-size: 0;
    resize: none;
    font: inherit;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='attach-button'] {
    align-self: end;
    display: inline-grid;
    place-items: center;
    min-inline-size: 2.25rem;
    min-block-size: 2.25rem;
    padding: 0;
  }
  [part~='attachments'] {
    list-style: none;
    margin: 0;
    padding: 0.5rem 0.75rem 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  [part~='attachment'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding-block: 0.25rem;
    padding-inline: 0.625rem 0.25rem;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bubble);
    font-size: 0.875rem;
  }
  [part~='attachment'] .upload-name {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [part~='attachment'] .upload-status {
    color: var(--_muted);
  }
  [part~='attachment-failed'] .upload-status {
    color: var(--_danger);
  }
  [part~='remove-attachment-button'] {
    min-inline-size: 1.75rem;
    min-block-size: 1.75rem;
    padding: 0;
    line-height: 1;
  }
  [part~='character-count'] {
    flex: 1 0 100%;
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  [part~='character-count'].over {
    color: var(--_danger);
    font-weight: 600;
  }
  [part~='send-button'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  [part~='send-button']:disabled {
    background: var(--_surface);
  }

  [part~='end-dialog'] {
    max-inline-size: min(24rem, calc(100vw - 2rem));
    padding: 1rem 1.25rem;
    border: none;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  [part~='end-dialog']::backdrop {
    background: var(--genesys-chat-backdrop, rgb(0 0 0 / 0.4));
  }
  [part~='end-dialog'] .actions {
    padding: 0;
  }
  .danger {
    border-color: var(--_danger);
    background: var(--_danger);
    color: var(--_on-danger);
  }

  /* Small screens and high zoom (320 px wide at 400 %): use nearly all of the viewport. */
  @media (max-width: 30rem), (max-height: 30rem) {
    [part~='panel'] {
      inline-size: calc(100vw - 1rem);
      block-size: calc(100dvh - 5rem);
    }
    [part~='transcript'] {
      min-block-size: 4rem;
    }
  }

  @media (forced-colors: active) {
    [part~='panel'],
    [part~='message'],
    [part~='end-dialog'] {
      border: 1px solid CanvasText;
    }
    [part~='header'] {
      border-block-end: 1px solid CanvasText;
    }
  }
`;
