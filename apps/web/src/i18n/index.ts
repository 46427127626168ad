import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ja } from './ja';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where the chosen language is remembered (the switch in the header and on the login page). */
export const LANGUAGE_STORAGE_KEY = 'tsunagu.language';

export function currentLanguage(): Language {
  return i18next.resolvedLanguage === 'en' ? 'en' : 'ja';
}

/**
 * One i18next instance for the app: the remembered choice first, then the browser's languages
 * (ja-JP resolves to ja); English for anything else. Keeps <html lang> in step for screen
 * readers and fonts.
 */
export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', () => {
    document.documentElement.lang = currentLanguage();
  });
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { ja: { translation: ja }, en: { translation: en } },
      supportedLngs: LANGUAGES,
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
      },
    });
  return i18next;
}
