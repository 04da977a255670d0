import type { Words } from './en';

export const es = {
  modelUnavailable:
    'No he podido contactar con mi compañero de reflexión ahora mismo; tu mensaje está guardado. Responde de nuevo en un minuto y seguiremos justo donde lo dejamos.',
  answerDelayed:
    'Algo ha fallado por mi parte mientras lo pensaba. Tu mensaje está guardado; te responderé aquí en cuanto pueda.',
  somethingBroke:
    'Algo ha fallado por mi parte y no he podido responder. Envíalo de nuevo en un minuto; si sigue pasando, avisa a quien administre tu Slack.',
  sessionClosed: 'La sesión de hoy ya está cerrada ✅: `/coach-report` te muestra su informe. Te escribiré mañana por la mañana.',
  abandonedSession: 'Esa sesión se ha cerrado. Envíame un mensaje nuevo (fuera de este hilo) para empezar la de hoy.',
  noTextToCoach: 'Por ahora solo puedo leer texto: cuéntamelo con palabras y empezamos.',
  reportFallbackNote: 'Slack no ha querido mostrar el informe con formato, así que aquí lo tienes como texto:',
  wrapUpNothing: 'Hoy no hay ninguna sesión abierta que cerrar. Envíame un mensaje para empezar una.',
  nothingSaidYet:
    'Todavía no hay nada que cerrar: responde a mi mensaje de la mañana cuando quieras y escribe «wrap up» cuando quieras tu informe.',
  alreadyWrapped: 'Esta sesión ya está cerrada ✅: `/coach-report` te muestra su informe.',
  distress:
    'Me alegra mucho que me lo cuentes, y siento que esté siendo tan duro. Esto puede esperar: tú importas más que la tarea de hoy. Por favor, habla con alguien que pueda acompañarte: una persona de confianza, tu médico o una línea de ayuda de tu país (en una emergencia, llama al número de emergencias local). En findahelpline.com encontrarás líneas gratuitas y confidenciales.',
  offlineEnglishOnly:
    'Una nota: ahora funciono como el coach sin conexión, que solo entiende inglés. Con Claude conectado, el coach te sigue en cualquier idioma.',
  coachSuggestion: 'Sugerencia del coach',
  privacyHeading: "Tus datos",
  privacyHomeText: "Todo lo que guardo sobre ti en este espacio de trabajo: tus sesiones y sus mensajes, tus informes y valoraciones, y tu configuración. Llévatelo como archivo en nuestro mensaje directo, o bórralo todo.",
  privacyExportButton: "Exportar mis datos",
  privacyDeleteButton: "Borrar mis datos",
  privacyDeleteAsk: "Esto borra todo lo que guardo sobre ti en este espacio de trabajo: tus sesiones y sus mensajes, tus informes y valoraciones, lo que recuerdo de ellos y tu configuración. Tiene efecto inmediato y no se puede deshacer.",
  privacyDeleteDialogTitle: "¿Borrar todos tus datos?",
  privacyDeleteDialogText: "Tus sesiones, informes y configuración desaparecerán para siempre. Expórtalos antes si quieres una copia.",
  privacyDeleteDialogConfirm: "Borrar todo",
  privacyDeleteDialogDeny: "Conservar mis datos",
  privacyDeleted: "Listo: todo lo que guardaba sobre ti en este espacio de trabajo está borrado. Escríbeme cuando quieras empezar de nuevo.",
  privacyNothingToDelete: "No queda nada tuyo por borrar: ya se borró.",
  privacyDeleteFailed: "No pude borrar tus datos ahora mismo y no se cambió nada. Inténtalo de nuevo en un minuto.",
  privacyExportSent: "Te envié a nuestro mensaje directo todo lo que guardo sobre ti, como archivo JSON.",
  privacyExportComment: "Aquí está todo lo que Deep Thoughts guarda sobre ti en este espacio de trabajo, en JSON.",
  privacyExportFailed: "No pude enviar tu exportación ahora mismo. Inténtalo de nuevo en un minuto.",
} satisfies Words;
