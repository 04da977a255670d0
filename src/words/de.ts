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
  privacyHeading: "Deine Daten",
  privacyHomeText: "Alles, was ich in diesem Workspace über dich speichere: deine Sitzungen und ihre Nachrichten, deine Berichte und Bewertungen und deine Einstellungen. Nimm es als Datei in unserer Direktnachricht mit oder lösche alles.",
  privacyExportButton: "Meine Daten exportieren",
  privacyDeleteButton: "Meine Daten löschen",
  privacyDeleteAsk: "Damit lösche ich alles, was ich in diesem Workspace über dich habe: deine Sitzungen und ihre Nachrichten, deine Berichte und Bewertungen, was ich mir daraus merke, und deine Einstellungen. Das wirkt sofort und lässt sich nicht rückgängig machen.",
  privacyDeleteDialogTitle: "Alle deine Daten löschen?",
  privacyDeleteDialogText: "Deine Sitzungen, Berichte und Einstellungen sind dann endgültig weg. Exportiere sie vorher, wenn du eine Kopie möchtest.",
  privacyDeleteDialogConfirm: "Alles löschen",
  privacyDeleteDialogDeny: "Daten behalten",
  privacyDeleted: "Erledigt: Alles, was ich in diesem Workspace über dich hatte, ist gelöscht. Schreib mir, wann immer du neu anfangen möchtest.",
  privacyNothingToDelete: "Es gibt nichts mehr von dir zu löschen: Es wurde schon gelöscht.",
  privacyDeleteFailed: "Ich konnte deine Daten gerade nicht löschen, und nichts wurde verändert. Bitte versuch es in einer Minute noch einmal.",
  privacyExportSent: "Ich habe dir alles, was ich über dich habe, als JSON-Datei in unsere Direktnachricht geschickt.",
  privacyExportComment: "Hier ist alles, was Deep Thoughts in diesem Workspace über dich speichert, als JSON.",
  privacyExportFailed: "Ich konnte deinen Export gerade nicht schicken. Bitte versuch es in einer Minute noch einmal.",
} satisfies Words;
