/** English: the catalog's reference language (its keys define `Words`). */
export const en = {
  modelUnavailable:
    "I couldn't reach my thinking partner just now — your message is saved. Reply again in a minute and I'll pick up right where we were.",
  answerDelayed:
    "Something went wrong on my side while I was thinking about that. Your message is saved — I'll answer right here as soon as I can.",
  somethingBroke:
    "Something went wrong on my side and I couldn't answer that. Please send it again in a minute; if it keeps happening, let your Slack admin know.",
  sessionClosed: "Today's session is already wrapped up ✅ — `/coach-report` brings its report back. I'll check in tomorrow morning.",
  abandonedSession: 'That session has closed. Send me a new message (not in this thread) to start today’s.',
  noTextToCoach: 'I can only read text for now — tell me about it in words and we’ll go from there.',
  reportFallbackNote: 'Slack would not show the formatted report, so here it is as plain text:',
  wrapUpNothing: "There's no open session to wrap up today. Send me a message to start one.",
  nothingSaidYet: "There's nothing to wrap up yet — reply to my morning message when you're ready, and type “wrap up” whenever you want your report.",
  alreadyWrapped: 'This session is already wrapped up ✅ — `/coach-report` brings its report back.',
  /** Said instead of a coaching question when a person writes that they are not OK. No diagnosis, no report pressure. */
  distress:
    "I'm really glad you told me, and I'm sorry it's this hard right now. This can wait — you matter more than today's task. Please reach out to someone who can be with you: a person you trust, your doctor, or a local crisis line (in an emergency, call your local emergency number). If you'd like, findahelpline.com lists free, confidential lines in your country.",
  /** The offline coach, once, when the person writes in a language it cannot read. */
  offlineEnglishOnly:
    'A note: I am running as the offline coach, which only understands English. With Claude connected, the coach follows you in any language.',
  /** Labels the one suggestion the coach gives when asked to just say what to do. */
  coachSuggestion: 'Coach’s suggestion',
  /** The person's data (src/privacy): the App Home section, export and deletion. */
  privacyHeading: "Your data",
  privacyHomeText: "Everything I keep about you in this workspace: your sessions and their messages, your reports and ratings, and your settings. Take it with you as a file in our DM, or delete it all.",
  privacyExportButton: "Export my data",
  privacyDeleteButton: "Delete my data",
  privacyDeleteAsk: "This deletes everything I hold about you in this workspace: your sessions and their messages, your reports and ratings, what I remember from them, and your settings. It takes effect at once and cannot be undone.",
  privacyDeleteDialogTitle: "Delete all your data?",
  privacyDeleteDialogText: "Your sessions, reports and settings will be gone for good. Export them first if you want a copy.",
  privacyDeleteDialogConfirm: "Delete everything",
  privacyDeleteDialogDeny: "Keep my data",
  privacyDeleted: "Done: everything I held about you in this workspace is deleted. Send me a message whenever you want to start afresh.",
  privacyNothingToDelete: "There is nothing of yours left to delete: it was already deleted.",
  privacyDeleteFailed: "I couldn’t delete your data just now, and nothing was changed. Please try again in a minute.",
  privacyExportSent: "I’ve sent everything I hold about you to our DM, as a JSON file.",
  privacyExportComment: "Here is everything Deep Thoughts holds about you in this workspace, as JSON.",
  privacyExportFailed: "I couldn’t send your export just now. Please try again in a minute.",
};

export type Words = typeof en;
