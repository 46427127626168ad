/**
 * Japanese strings: the source of every key. en.ts has the type of this object, so a key
 * missing in either language fails `tsc -b`. Group keys by screen; pages use `pages.<area>.*`.
 */
import { adminJa } from './areas/admin.ja';
import { agentJa } from './areas/agent.ja';
import { supervisorJa } from './areas/supervisor.ja';

export const ja = {
  app: {
    name: 'つなぐ',
    fullName: 'Tsunagu つなぐ コンタクトセンター',
    skipToContent: '本文へ移動',
    loading: '読み込み中…',
  },
  language: {
    label: '言語',
    ja: '日本語',
    en: 'English',
  },
  roles: {
    admin: 'システム管理者',
    supervisor: 'スーパーバイザー',
    agent: 'エージェント',
  },
  login: {
    title: 'ログイン',
    intro: 'ログインIDとパスワードを入力してください。',
    login: 'ログインID',
    password: 'パスワード',
    submit: 'ログイン',
    submitting: 'ログインしています…',
  },
  header: {
    user: 'ログイン中: {{login}}',
    role: '役割: {{role}}',
    logout: 'ログアウト',
    account: 'アカウント',
  },
  live: {
    label: 'ライブ更新',
    connecting: '接続中',
    open: 'ライブ',
    reconnecting: '再接続中',
    closed: '切断',
  },
  nav: {
    areas: 'メインメニュー',
    sections: '{{area}}のメニュー',
  },
  areas: {
    agent: 'エージェントデスクトップ',
    supervisor: 'スーパーバイザー',
    admin: '管理',
  },
  placeholder: {
    comingSoon: 'この画面は準備中です。',
  },
  pages: {
    agent: agentJa,
    supervisor: supervisorJa,
    admin: adminJa,
  },
  errors: {
    network: 'サーバーに接続できません。ネットワークを確認してください。',
    unexpected: '予期しないエラーが発生しました。',
    forbiddenArea: 'この画面を表示する権限がありません。',
    notFound: 'ページが見つかりません。',
    backHome: 'ホームへ戻る',
  },
};

export type Messages = typeof ja;
