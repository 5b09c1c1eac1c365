/** Layout shared by the kiosk screens: a header with back/home and a scrolling body. */
import { css } from 'lit';

export const screenStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: var(--xz-gap);
    min-height: 0;
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--xz-gap);
  }
  header h1 {
    flex: 1;
  }
  .error {
    color: var(--xz-c-danger);
  }
  .grid {
    display: grid;
    gap: var(--xz-gap);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--xz-gap);
    justify-content: flex-end;
  }
`;
