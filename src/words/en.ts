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
  /** The install page (/slack/install, OAuth mode) and the page after Slack sends the installer back. */
  installTitle: 'Add Deep Thoughts to your Slack workspace',
  installLead: 'Every workday morning Deep Thoughts opens a direct message with each person and coaches them through one focused conversation.',
  installButton: 'Add to Slack',
  installDone: 'Deep Thoughts is installed ✅ Open Slack and send it a direct message to start your first session.',
  installFailed: 'The installation did not finish, and nothing was changed. Start again from the install page; if it keeps failing, ask your Slack admin.',
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
  // --- The offline report and the person's rating (src/coach/report-builder, the rating buttons) ---
  reportNotReached: 'Not reached in this conversation.',
  reportNotSaid: 'Not said in this conversation.',
  /** Where a slot was said in the same sentence as the one quoted just before. */
  reportAsAbove: 'in the same sentence as above.',
  /** Labels every prompt the report offers: a suggestion, not something the person said. */
  reportSuggestion: 'Suggestion:',
  reportUntitled: 'A short check-in',
  reportProblem: 'The problem, in your words:',
  reportStakes: 'Why it matters, in your words:',
  reportTask: 'The task, in your words:',
  reportCriteria: 'How you will know it is done:',
  reportTimeBox: 'Time box:',
  reportApproaches: 'Approaches you named:',
  reportCrux: 'The crux, in your words:',
  reportFirstStep: 'Your first step:',
  reportCommitment: 'Your commitment:',
  reportClosing: 'Your closing words:',
  reportYourStep: 'Your first step',
  reportNoTactic: 'No tactic yet',
  reportNothingEarned: 'No line of the rubric was reached this time.',
  reportNothingMissed: 'Nothing on the rubric was missed.',
  /** {points} is the rubric's points (may be a half), {score} the rounded score. */
  reportRationale: 'Scored by the rubric: {points} of 10 points, so {score}/10.',
  reportMissedList: 'Not reached:',
  suggestProblem: 'What feels like the most important problem to solve today?',
  suggestStakes: 'What would change, and for whom, if this were solved?',
  suggestTask: 'What one task could you finish today?',
  suggestCriteria: 'How will you know it is done?',
  suggestTimeBox: 'How long will you give it, and when will you start?',
  suggestApproaches: 'What are two different ways you could approach it?',
  suggestCrux: 'What is the one thing that makes this hard?',
  suggestFirstStep: 'What will you do first, and when?',
  suggestBeliefs: 'What do you believe about this that might not be true?',
  suggestFacts: 'What here do you know for sure, and what are you assuming?',
  rubricOneQuestion: 'One question a turn',
  rubricReflection: 'Reflecting your own words',
  rubricConvergence: 'Reaching the task and the crux early',
  rubricProblem: 'Naming the problem',
  rubricStakes: 'Saying why it matters',
  rubricStakesDepth: 'Exploring the stakes in depth',
  rubricTask: 'One concrete task for today',
  rubricSuccessCriteria: 'How you will know it is done',
  rubricTimeBox: 'A time box for the task',
  rubricCrux: 'The crux',
  rubricFirstStep: 'A first step you chose',
  rubricCommitment: 'A commitment: what first, and when',
  ratePrompt: 'How useful was this session for you? Your rating is yours alone: it never changes the coach’s score.',
  /** {rating} is 1–5. */
  rateThanks: 'Thanks — you rated this session {rating}/5. Press another number any time to change it.',
  rateGone: 'I can’t find that session’s report any more, so there is nothing to rate.',
  /** Beside the coach's score in /coach-report and the App Home. {rating} is 1–5. */
  youRated: 'You rated it {rating}/5',
  notRatedYet: 'Not rated by you yet',
};

export type Words = typeof en;
