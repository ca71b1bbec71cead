import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part='status'] {
    display: flex;
    align-items: center;
    gap: 0.5em;
    font: 0.85em/1.4 var(--py-font-sans, system-ui, sans-serif);
    color: var(--py-status-color, #57606a);
  }
  [part='status']:empty {
    display: none;
  }
  [part='stop-button'] {
    font: 0.85em/1.4 var(--py-font-sans, system-ui, sans-serif);
    margin-block: 0.25em;
  }
  progress {
    inline-size: 8em;
    block-size: 0.5em;
    accent-color: var(--py-accent, #3572a5);
  }
`;
