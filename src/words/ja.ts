import type { Words } from './en';

export const ja = {
  modelUnavailable:
    'いま考えるためのパートナーにつながりませんでした。メッセージは保存されています。1分ほどしてからもう一度返信してください。続きから再開します。',
  answerDelayed: '考えている途中でこちら側に問題が起きました。メッセージは保存されています。できるだけ早くここで返信します。',
  somethingBroke:
    'こちら側で問題が起きたため、返信できませんでした。1分ほどしてからもう一度送ってください。繰り返し起きる場合は、Slackの管理者に知らせてください。',
  sessionClosed: '今日のセッションはもう完了しています ✅ `/coach-report` でレポートを見られます。また明日の朝に声をかけます。',
  abandonedSession: 'そのセッションは終了しました。今日のセッションを始めるには、（このスレッドではなく）新しいメッセージを送ってください。',
  noTextToCoach: 'いまはテキストしか読めません。言葉で教えてもらえれば、そこから始めましょう。',
  reportFallbackNote: 'Slackが整形したレポートを表示できなかったので、テキストでお送りします：',
  wrapUpNothing: '今日、まとめられるセッションはありません。メッセージを送ってセッションを始めてください。',
  nothingSaidYet:
    'まだまとめる内容がありません。準備ができたら朝のメッセージに返信して、レポートがほしいときはいつでも「wrap up」と入力してください。',
  alreadyWrapped: 'このセッションはもう完了しています ✅ `/coach-report` でレポートを見られます。',
  distress:
    '話してくれて本当にありがとうございます。いま、とてもつらい状況なのですね。今日のタスクは後回しで大丈夫です。あなたのほうがずっと大切です。信頼できる人や医師、相談窓口に連絡してみてください（よりそいホットライン 0120-279-338、24時間無料。緊急のときは119へ）。',
  offlineEnglishOnly:
    'お知らせ：いまはオフラインのコーチとして動いていて、英語しか理解できません。Claudeにつながっていれば、コーチはどの言語にも合わせます。',
  coachSuggestion: 'コーチからの提案',
  privacyHeading: "あなたのデータ",
  privacyHomeText: "このワークスペースで私が保存しているあなたの情報すべて：セッションとそのメッセージ、レポートと評価、そして設定です。DMにファイルとして書き出すことも、すべて削除することもできます。",
  privacyExportButton: "データを書き出す",
  privacyDeleteButton: "データを削除する",
  privacyDeleteAsk: "このワークスペースで私が保存しているあなたの情報をすべて削除します：セッションとそのメッセージ、レポートと評価、そこから覚えていること、そして設定です。すぐに反映され、元に戻せません。",
  privacyDeleteDialogTitle: "すべてのデータを削除しますか？",
  privacyDeleteDialogText: "セッション、レポート、設定は完全に消えます。コピーが必要なら先に書き出してください。",
  privacyDeleteDialogConfirm: "すべて削除",
  privacyDeleteDialogDeny: "削除しない",
  privacyDeleted: "完了しました。このワークスペースで保存していたあなたの情報はすべて削除しました。また始めたくなったら、いつでもメッセージを送ってください。",
  privacyNothingToDelete: "削除するものはもう残っていません。すでに削除済みです。",
  privacyDeleteFailed: "今はデータを削除できませんでした。何も変更されていません。1分ほどしてからもう一度お試しください。",
  privacyExportSent: "私が保存しているあなたの情報すべてを、JSONファイルとしてDMに送りました。",
  privacyExportComment: "このワークスペースでDeep Thoughtsが保存しているあなたの情報すべて（JSON）です。",
  privacyExportFailed: "今は書き出しを送れませんでした。1分ほどしてからもう一度お試しください。",
} satisfies Words;
