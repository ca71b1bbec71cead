import { LitElement } from 'lit';
import { LocaleController } from './locale.js';

/**
 * A Lit element whose text is in its reader's language (`this.locale.messages`, see locale.ts). Its
 * renders wait while that language's table loads, so a page in Korean never shows English first.
 */
export class LocalizedElement extends LitElement {
  protected readonly locale = new LocaleController(this);

  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.locale.loading;
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }
}
