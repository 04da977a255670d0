import type { Words } from './en';

export const de = {
  modelUnavailable:
    'Ich konnte meinen Denkpartner gerade nicht erreichen — deine Nachricht ist gespeichert. Antworte in einer Minute noch einmal, dann machen wir genau da weiter.',
  answerDelayed:
    'Bei mir ist etwas schiefgegangen, während ich darüber nachgedacht habe. Deine Nachricht ist gespeichert — ich antworte hier, sobald ich kann.',
  somethingBroke:
    'Bei mir ist etwas schiefgegangen, und ich konnte nicht antworten. Bitte schick es in einer Minute noch einmal; wenn es wieder passiert, sag deiner Slack-Administration Bescheid.',
  sessionClosed: 'Die heutige Sitzung ist schon abgeschlossen ✅ — `/coach-report` zeigt ihren Bericht. Ich melde mich morgen früh.',
  abandonedSession: 'Diese Sitzung ist beendet. Schick mir eine neue Nachricht (nicht in diesem Thread), um die heutige zu beginnen.',
  noTextToCoach: 'Ich kann bisher nur Text lesen — erzähl es mir in Worten, dann geht es los.',
  reportFallbackNote: 'Slack wollte den formatierten Bericht nicht anzeigen, deshalb hier als reiner Text:',
  wrapUpNothing: 'Heute ist keine Sitzung offen, die ich abschließen könnte. Schick mir eine Nachricht, um eine zu beginnen.',
  nothingSaidYet:
    'Es gibt noch nichts abzuschließen — antworte auf meine Morgennachricht, wenn du so weit bist, und schreib „wrap up“, wann immer du deinen Bericht möchtest.',
  alreadyWrapped: 'Diese Sitzung ist schon abgeschlossen ✅ — `/coach-report` zeigt ihren Bericht.',
  distress:
    'Ich bin wirklich froh, dass du es mir sagst, und es tut mir leid, dass es gerade so schwer ist. Das hier kann warten — du bist wichtiger als die heutige Aufgabe. Bitte wende dich an jemanden, der für dich da sein kann: eine Person, der du vertraust, deine Ärztin oder deinen Arzt oder die Telefonseelsorge (0800 111 0 111 oder 0800 111 0 222, kostenlos und rund um die Uhr; im Notfall 112).',
  offlineEnglishOnly:
    'Ein Hinweis: Ich laufe gerade als Offline-Coach, und der versteht nur Englisch. Mit Claude verbunden folgt dir der Coach in jeder Sprache.',
  coachSuggestion: 'Vorschlag des Coaches',
  installTitle: 'Deep Thoughts zu deinem Slack-Workspace hinzufügen',
  installLead: 'Jeden Werktagmorgen öffnet Deep Thoughts eine Direktnachricht mit jeder Person und begleitet sie durch ein fokussiertes Gespräch.',
  installButton: 'Zu Slack hinzufügen',
  installDone: 'Deep Thoughts ist installiert ✅ Öffne Slack und schick ihm eine Direktnachricht, um deine erste Sitzung zu beginnen.',
  installFailed: 'Die Installation wurde nicht abgeschlossen, und nichts wurde geändert. Beginne noch einmal auf der Installationsseite; wenn es weiter scheitert, frag deinen Slack-Admin.',
} satisfies Words;
