/**
 * Prompt fragments the engine asks telephony to play. Each id has its words in Japanese and
 * English here, so the prompt-building script (SIP issue) and the uploaded replacements
 * (QCB-16) share one list; numbers, digits and durations are spoken by the media layer.
 */
export const PROMPTS = {
  'queue.welcome': {
    ja: 'お電話ありがとうございます。ただいま電話が大変混み合っております。',
    en: 'Thank you for calling. All of our agents are busy.',
  },
  'queue.position': { ja: 'あなたの順番は', en: 'You are number' },
  'queue.position-suffix': { ja: '番目です。', en: 'in the queue.' },
  'queue.estimated-wait': { ja: 'おおよその待ち時間は', en: 'Your estimated wait is' },
  'queue.estimated-wait-suffix': { ja: 'です。', en: '.' },
  'queue.callback-offer': {
    ja: '順番を保ったまま折り返しのお電話をご希望の場合は、次の番号を押してください。',
    en: 'To keep your place and be called back, press',
  },
  'queue.voicemail-offer': {
    ja: 'メッセージを残される場合は、次の番号を押してください。',
    en: 'To leave a message, press',
  },
  'queue.closed': {
    ja: '本日の受付は終了しました。営業時間内におかけ直しください。',
    en: 'We are closed now. Please call again during business hours.',
  },
  'queue.full': {
    ja: 'ただいま大変混み合っております。しばらくしてからおかけ直しください。',
    en: 'We cannot take your call right now. Please try again later.',
  },
  'queue.goodbye': { ja: 'お電話ありがとうございました。', en: 'Thank you for calling. Goodbye.' },
  'voicemail.greeting': {
    ja: '発信音の後にメッセージをお話しください。終わりましたらシャープを押してください。',
    en: 'Please leave your message after the tone. Press hash when you are done.',
  },
  'callback.confirm-menu': {
    ja: 'この番号に折り返しお電話します。よろしければ1を、別の番号をご希望の場合は2を、時間を指定される場合は3を、そのままお待ちになる場合はアスタリスクを押してください。',
    en: 'We will call you back at this number. Press 1 to confirm, 2 to give another number, 3 to choose a time, or star to keep waiting.',
  },
  'callback.enter-number': {
    ja: 'おかけ直し先の電話番号を入力し、最後にシャープを押してください。',
    en: 'Enter the number to call you back on, then press hash.',
  },
  'callback.enter-time': {
    ja: 'ご希望の時刻を24時間制の4桁で入力し、最後にシャープを押してください。',
    en: 'Enter the time you want to be called, as four digits in 24-hour time, then press hash.',
  },
  'callback.confirmed': {
    ja: '折り返しのご依頼を承りました。順番が来ましたらお電話いたします。お電話ありがとうございました。',
    en: 'Your callback is booked and you keep your place. We will call you when it is your turn. Goodbye.',
  },
  'callback.scheduled': {
    ja: '指定の時刻に折り返しお電話いたします。お電話ありがとうございました。',
    en: 'We will call you back at the time you chose. Goodbye.',
  },
  'callback.already-requested': {
    ja: 'この番号ではすでに折り返しのご依頼を承っております。',
    en: 'There is already a callback booked for this number.',
  },
  'callback.unavailable': {
    ja: '現在、折り返しのご依頼は承っておりません。',
    en: 'Callbacks are not available right now.',
  },
  'callback.number-invalid': {
    ja: '入力された番号が正しくありません。',
    en: 'That number is not valid.',
  },
  'callback.number-not-domestic': {
    ja: '国内の電話番号のみご指定いただけます。',
    en: 'We can only call back numbers in this country.',
  },
  'callback.time-invalid': {
    ja: '指定の時刻ではお受けできません。',
    en: 'We cannot call you back at that time.',
  },
  'callback.greeting': {
    ja: 'ご依頼いただいた折り返しのお電話です。担当者におつなぎする場合は1を、キャンセルする場合は2を押してください。',
    en: 'This is the callback you asked for. Press 1 to be connected to an agent, or 2 to cancel.',
  },
  'callback.cancelled': {
    ja: '折り返しのご依頼を取り消しました。お電話ありがとうございました。',
    en: 'Your callback is cancelled. Goodbye.',
  },
  'callback.connecting': {
    ja: '担当者におつなぎします。そのままお待ちください。',
    en: 'Connecting you to the next available agent. Please hold.',
  },
  'call.forced-disconnect': {
    ja: 'この通話は終了させていただきます。',
    en: 'This call will now be ended.',
  },
} as const satisfies Record<string, { ja: string; en: string }>;

export type PromptId = keyof typeof PROMPTS;

/** One thing to say or play. The media layer renders numbers and durations in the language. */
export type Playable =
  | { readonly kind: 'prompt'; readonly id: PromptId }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'digits'; readonly value: string }
  | { readonly kind: 'duration'; readonly seconds: number }
  | { readonly kind: 'tone'; readonly name: 'beep' };

export const prompt = (id: PromptId): Playable => ({ kind: 'prompt', id });
