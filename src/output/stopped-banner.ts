import { css, html, nothing } from 'lit';
import type { Messages } from '../i18n/messages.js';
import type { RuntimeKind } from '../runtime/contract.js';
import type { RuntimeState } from '../runtime/hub.js';

/**
 * "Python stopped" with a Restart button, shown by every element of an interpreter that died. Restart
 * starts a new interpreter; `<py-script>` elements run their code again in document order.
 */
export function stoppedBanner(state: RuntimeState, kind: RuntimeKind, restart: () => void, t: Messages) {
  if (state.status !== 'stopped') return nothing;
  return html`<div part="stopped" class="py-stopped" role="alert">
    <span><strong>${t.stopped(kind === 'worker')}</strong> ${t.stoppedDetail(state.error ?? '')}</span>
    <button part="restart-button" type="button" @click=${restart}>${t.restart}</button>
  </div>`;
}

export const stoppedStyles = css`
  .py-stopped {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    margin: 0.25em 0;
    padding: 0.5em 0.75em;
    border: 1px solid var(--py-error-color, #82071e);
    border-radius: 6px;
    background: var(--py-error-bg, #fff0f0);
    color: var(--py-error-color, #82071e);
    font: 0.9rem/1.4 var(--py-font-sans, system-ui, sans-serif);
  }
  .py-stopped button {
    font: inherit;
    color: #ffffff;
    background: var(--py-error-color, #82071e);
    border: 0;
    border-radius: 5px;
    padding: 0.25em 0.9em;
    cursor: pointer;
  }
  .py-stopped button:focus-visible {
    outline: 2px solid var(--py-accent, #3572a5);
    outline-offset: 2px;
  }
`;
