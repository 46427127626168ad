/**
 * The one error catalogue (DESIGN.md "Errors"). Every code has a message in English and
 * Japanese, an HTTP status, and where it applies a SIP status and a caller prompt. The type
 * checker forces every code to have an entry; a test forces every code to be documented.
 */
import type { PromptId } from './model/prompts.js';

export interface ErrorSpec {
  readonly http: number;
  readonly sip?: number;
  readonly prompt?: PromptId;
  readonly en: string;
  readonly ja: string;
}

export const ERROR_CATALOGUE = {
  CC_ERR_VALIDATION: {
    http: 400,
    en: 'The request is malformed or has an invalid value.',
    ja: 'リクエストの形式または値が正しくありません。',
  },
  CC_ERR_ILLEGAL_TRANSITION: {
    http: 409,
    en: 'That change is not allowed from the current state.',
    ja: '現在の状態からはその変更はできません。',
  },
  CC_ERR_NOT_FOUND: {
    http: 404,
    sip: 404,
    en: 'No such resource.',
    ja: '指定されたリソースが見つかりません。',
  },
  CC_ERR_CENTER_NOT_FOUND: {
    http: 404,
    en: 'No such contact center.',
    ja: '指定されたコンタクトセンターが見つかりません。',
  },
  CC_ERR_QUEUE_NOT_FOUND: {
    http: 404,
    sip: 404,
    en: 'No such queue.',
    ja: '指定されたキューが見つかりません。',
  },
  CC_ERR_AGENT_NOT_FOUND: {
    http: 404,
    en: 'No such agent.',
    ja: '指定されたエージェントが見つかりません。',
  },
  CC_ERR_CALL_NOT_FOUND: {
    http: 404,
    sip: 481,
    en: 'No such call.',
    ja: '指定された通話が見つかりません。',
  },
  CC_ERR_LEG_NOT_FOUND: {
    http: 404,
    sip: 481,
    en: 'No such call leg.',
    ja: '指定された通話レッグが見つかりません。',
  },
  CC_ERR_OFFER_NOT_FOUND: {
    http: 404,
    en: 'The offer no longer exists (answered elsewhere, timed out or withdrawn).',
    ja: 'この着信はすでに存在しません（他で応答済み、タイムアウト、または取り消し）。',
  },
  CC_ERR_CALLBACK_NOT_FOUND: {
    http: 404,
    en: 'No such callback request.',
    ja: '指定されたコールバックリクエストが見つかりません。',
  },
  CC_ERR_VOICEMAIL_NOT_FOUND: {
    http: 404,
    en: 'No such voicemail (it may have been deleted).',
    ja: '指定されたボイスメールが見つかりません（削除された可能性があります）。',
  },
  CC_ERR_RECORDING_NOT_FOUND: {
    http: 404,
    en: 'No such call recording (it may have been deleted).',
    ja: '指定された通話録音が見つかりません（削除された可能性があります）。',
  },
  CC_ERR_AUDIO_MISSING: {
    http: 404,
    en: 'The audio file of this message is no longer on the server.',
    ja: 'このメッセージの音声ファイルはサーバー上にありません。',
  },
  CC_ERR_RANGE_NOT_SATISFIABLE: {
    http: 416,
    en: 'The requested byte range is outside the file.',
    ja: '要求されたバイト範囲はファイルの範囲外です。',
  },
  CC_ERR_NO_ROUTE: {
    http: 404,
    sip: 404,
    en: 'The dialled number is not routed to any queue.',
    ja: 'ダイヤルされた番号はどのキューにも割り当てられていません。',
  },
  CC_ERR_REFERENCE_INVALID: {
    http: 400,
    en: 'A setting refers to something that does not exist (queue, agent, center or caller ID).',
    ja: '設定が存在しないもの（キュー、エージェント、センター、発信者番号）を参照しています。',
  },
  CC_ERR_KEY_CLASH: {
    http: 400,
    en: 'The callback key and the voicemail key of a queue must differ.',
    ja: 'コールバックのキーとボイスメールのキーには異なるキーを設定してください。',
  },
  CC_ERR_AGENT_BUSY: {
    http: 409,
    en: 'The agent is already handling a call.',
    ja: 'エージェントはすでに通話を処理中です。',
  },
  CC_ERR_AGENT_NOT_ON_CALL: {
    http: 409,
    en: 'The agent is not on that call.',
    ja: 'エージェントはその通話に参加していません。',
  },
  CC_ERR_CALL_NOT_CONNECTED: {
    http: 409,
    en: 'The call is not connected to the agent yet (still ringing, dialling or in a menu).',
    ja: '通話がまだエージェントに接続されていません（呼び出し中、発信中、またはガイダンス中）。',
  },
  CC_ERR_TRANSFER_TARGET_NOT_READY: {
    http: 409,
    en: 'The transfer target is not ready to take a call.',
    ja: '転送先は現在着信を受けられる状態ではありません。',
  },
  CC_ERR_TRANSFER_TARGET_INVALID: {
    http: 400,
    en: "A call cannot be sent there (the agent themself, or another center's agent or queue).",
    ja: 'その転送先には転送できません（自分自身、または別のセンターのエージェントやキュー）。',
  },
  CC_ERR_RECORDING_NOT_ALLOWED: {
    http: 403,
    en: 'This queue does not allow agents to stop or resume the call recording.',
    ja: 'このキューでは、エージェントは通話録音を停止・再開できません。',
  },
  CC_ERR_NOT_RECORDING: {
    http: 409,
    en: 'This call is not being recorded.',
    ja: 'この通話は録音されていません。',
  },
  CC_ERR_CONSULT_IN_PROGRESS: {
    http: 409,
    en: 'A transfer or consultation is already in progress on this call.',
    ja: 'この通話ではすでに転送または協議通話が進行中です。',
  },
  CC_ERR_NO_CONSULTATION: {
    http: 409,
    en: 'No consultation is in progress on this call.',
    ja: 'この通話では協議通話が行われていません。',
  },
  CC_ERR_CONSULT_NOT_ANSWERED: {
    http: 409,
    en: 'The consulted party has not answered yet.',
    ja: '協議先がまだ応答していません。',
  },
  CC_ERR_AGENT_LOGGED_OUT: {
    http: 409,
    en: 'The agent is logged out.',
    ja: 'エージェントはログアウトしています。',
  },
  CC_ERR_NOT_IN_WRAP_UP: {
    http: 409,
    en: 'The agent is not in wrap-up.',
    ja: 'エージェントはラップアップ中ではありません。',
  },
  CC_ERR_CALLER_ID_NOT_ALLOWED: {
    http: 403,
    en: "The caller ID is not one of the center's numbers.",
    ja: '発信者番号がセンターの番号に含まれていません。',
  },
  CC_ERR_DISPOSITION_UNKNOWN: {
    http: 400,
    en: "The disposition is not one of the center's call types.",
    ja: '通話タイプがセンターに登録されていません。',
  },
  CC_ERR_NUMBER_INVALID: {
    http: 400,
    prompt: 'callback.number-invalid',
    en: 'The phone number is not valid.',
    ja: '電話番号が正しくありません。',
  },
  CC_ERR_NUMBER_NOT_DOMESTIC: {
    http: 400,
    prompt: 'callback.number-not-domestic',
    en: 'Only numbers in the same country as the center can be called back.',
    ja: 'コールバックはセンターと同じ国内の番号にのみ可能です。',
  },
  CC_ERR_CALLBACK_DUPLICATE: {
    http: 409,
    prompt: 'callback.already-requested',
    en: 'This number already has an open callback request.',
    ja: 'この番号にはすでに受付中のコールバックリクエストがあります。',
  },
  CC_ERR_CALLBACK_UNAVAILABLE: {
    http: 409,
    prompt: 'callback.unavailable',
    en: 'Callbacks are not offered in this queue right now.',
    ja: 'このキューでは現在コールバックを受け付けていません。',
  },
  CC_ERR_CALLBACK_CLOSED: {
    http: 409,
    en: 'The callback request is already completed or in progress.',
    ja: 'このコールバックリクエストはすでに完了しているか、処理中です。',
  },
  CC_ERR_SCHEDULE_INVALID: {
    http: 400,
    prompt: 'callback.time-invalid',
    en: 'The requested time is in the past, malformed, or outside business hours.',
    ja: '指定の日時が過去、形式が不正、または営業時間外です。',
  },
  CC_ERR_UNAUTHENTICATED: {
    http: 401,
    en: 'Sign in, or send a valid API token.',
    ja: 'ログインするか、有効なAPIトークンを送信してください。',
  },
  CC_ERR_INVALID_CREDENTIALS: {
    http: 401,
    en: 'The login or password is wrong.',
    ja: 'ログインIDまたはパスワードが正しくありません。',
  },
  CC_ERR_FORBIDDEN: {
    http: 403,
    sip: 403,
    en: 'You are not allowed to do that here.',
    ja: 'この操作を行う権限がありません。',
  },
  CC_ERR_RATE_LIMITED: {
    http: 429,
    en: 'Too many attempts. Wait a moment and try again.',
    ja: '試行回数が多すぎます。しばらくしてから再度お試しください。',
  },
  CC_ERR_CONFLICT: {
    http: 409,
    en: 'That already exists.',
    ja: 'すでに存在します。',
  },
  CC_ERR_UNAVAILABLE: {
    http: 503,
    sip: 503,
    en: 'The service is starting, shutting down or overloaded. Try again shortly.',
    ja: 'サービスが起動中、停止中、または過負荷です。しばらくしてから再度お試しください。',
  },
  CC_ERR_INTERNAL: {
    http: 500,
    sip: 500,
    en: 'Something went wrong on our side. Nothing was changed; try again.',
    ja: 'サーバー側でエラーが発生しました。変更は行われていません。再度お試しください。',
  },
  CC_ERR_QUEUE_FULL: {
    http: 503,
    sip: 486,
    en: 'The queue is full.',
    ja: 'キューが満杯です。',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The only error the engine raises for bad input. Recognise it by `code`, never by text. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}) {
    super(`${code}: ${ERROR_CATALOGUE[code].en}`);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get spec(): ErrorSpec {
    return ERROR_CATALOGUE[this.code];
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export function fail(code: ErrorCode, details: Record<string, unknown> = {}): never {
  throw new DomainError(code, details);
}
