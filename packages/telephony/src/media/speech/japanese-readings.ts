/**
 * Kana readings of the Japanese prompts, for the synthesiser only.
 *
 * espeak-ng reads kanji as letter names ("Chinese letter"), so every prompt is given here in
 * kana, with particles spelled as they sound (は → わ, を → お, へ → え) and spaces at the
 * phrase breaks a speaker would make. `for` repeats the text the reading was written for, so a
 * test fails when a prompt's words change and its reading would silently go stale.
 */

import type { PromptId } from '@tsunagu/domain';

export interface JapaneseReading {
  readonly for: string;
  readonly kana: string;
}

export const JAPANESE_READINGS: Readonly<Record<PromptId, JapaneseReading>> = {
  'queue.welcome': {
    for: 'お電話ありがとうございます。ただいま電話が大変混み合っております。',
    kana: 'おでんわ ありがとう ございます。ただいま でんわが たいへん こみあって おります。',
  },
  'queue.position': { for: 'あなたの順番は', kana: 'あなたの じゅんばんわ' },
  'queue.position-suffix': { for: '番目です。', kana: 'ばんめです。' },
  'queue.estimated-wait': { for: 'おおよその待ち時間は', kana: 'おおよその まちじかんわ' },
  'queue.estimated-wait-suffix': { for: 'です。', kana: 'です。' },
  'queue.callback-offer': {
    for: '順番を保ったまま折り返しのお電話をご希望の場合は、次の番号を押してください。',
    kana: 'じゅんばんお たもった まま、おりかえしの おでんわお ごきぼうの ばあいわ、つぎの ばんごうお おして ください。',
  },
  'queue.voicemail-offer': {
    for: 'メッセージを残される場合は、次の番号を押してください。',
    kana: 'メッセージお のこされる ばあいわ、つぎの ばんごうお おして ください。',
  },
  'queue.closed': {
    for: '本日の受付は終了しました。営業時間内におかけ直しください。',
    kana: 'ほんじつの うけつけわ しゅうりょう しました。えいぎょう じかんないに おかけなおし ください。',
  },
  'queue.full': {
    for: 'ただいま大変混み合っております。しばらくしてからおかけ直しください。',
    kana: 'ただいま たいへん こみあって おります。しばらく してから おかけなおし ください。',
  },
  'queue.goodbye': {
    for: 'お電話ありがとうございました。',
    kana: 'おでんわ ありがとう ございました。',
  },
  'voicemail.greeting': {
    for: '発信音の後にメッセージをお話しください。終わりましたらシャープを押してください。',
    kana: 'はっしんおんの あとに メッセージお おはなし ください。おわりましたら シャープお おして ください。',
  },
  'callback.confirm-menu': {
    for: 'この番号に折り返しお電話します。よろしければ1を、別の番号をご希望の場合は2を、時間を指定される場合は3を、そのままお待ちになる場合はアスタリスクを押してください。',
    kana: 'この ばんごうに おりかえし おでんわ します。よろしければ いちお、べつの ばんごうお ごきぼうの ばあいわ にお、じかんお してい される ばあいわ さんお、そのまま おまちに なる ばあいわ アスタリスクお おして ください。',
  },
  'callback.enter-number': {
    for: 'おかけ直し先の電話番号を入力し、最後にシャープを押してください。',
    kana: 'おかけなおしさきの でんわばんごうお にゅうりょくし、さいごに シャープお おして ください。',
  },
  'callback.enter-time': {
    for: 'ご希望の時刻を24時間制の4桁で入力し、最後にシャープを押してください。',
    kana: 'ごきぼうの じこくお、にじゅうよじかんせいの よんけたで にゅうりょくし、さいごに シャープお おして ください。',
  },
  'callback.confirmed': {
    for: '折り返しのご依頼を承りました。順番が来ましたらお電話いたします。お電話ありがとうございました。',
    kana: 'おりかえしの ごいらいお うけたまわりました。じゅんばんが きましたら おでんわ いたします。おでんわ ありがとう ございました。',
  },
  'callback.scheduled': {
    for: '指定の時刻に折り返しお電話いたします。お電話ありがとうございました。',
    kana: 'していの じこくに おりかえし おでんわ いたします。おでんわ ありがとう ございました。',
  },
  'callback.already-requested': {
    for: 'この番号ではすでに折り返しのご依頼を承っております。',
    kana: 'この ばんごうでわ すでに おりかえしの ごいらいお うけたまわって おります。',
  },
  'callback.unavailable': {
    for: '現在、折り返しのご依頼は承っておりません。',
    kana: 'げんざい、おりかえしの ごいらいわ うけたまわって おりません。',
  },
  'callback.number-invalid': {
    for: '入力された番号が正しくありません。',
    kana: 'にゅうりょく された ばんごうが ただしく ありません。',
  },
  'callback.number-not-domestic': {
    for: '国内の電話番号のみご指定いただけます。',
    kana: 'こくないの でんわばんごうのみ ごしてい いただけます。',
  },
  'callback.time-invalid': {
    for: '指定の時刻ではお受けできません。',
    kana: 'していの じこくでわ おうけ できません。',
  },
  'callback.greeting': {
    for: 'ご依頼いただいた折り返しのお電話です。担当者におつなぎする場合は1を、キャンセルする場合は2を押してください。',
    kana: 'ごいらい いただいた おりかえしの おでんわです。たんとうしゃに おつなぎ する ばあいわ いちお、キャンセル する ばあいわ にお おして ください。',
  },
  'callback.cancelled': {
    for: '折り返しのご依頼を取り消しました。お電話ありがとうございました。',
    kana: 'おりかえしの ごいらいお とりけしました。おでんわ ありがとう ございました。',
  },
  'callback.connecting': {
    for: '担当者におつなぎします。そのままお待ちください。',
    kana: 'たんとうしゃに おつなぎ します。そのまま おまち ください。',
  },
  'call.forced-disconnect': {
    for: 'この通話は終了させていただきます。',
    kana: 'この つうわわ しゅうりょう させて いただきます。',
  },
};
