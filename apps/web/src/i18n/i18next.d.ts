import 'i18next';
import type { Messages } from './ja';

/** Typed keys: `t('pages.admin.queues')` is checked by tsc, a typo fails the build. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
