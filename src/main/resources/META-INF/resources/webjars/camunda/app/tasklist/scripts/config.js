// Visitflow's Tasklist settings: Russian first (Visitflow's own translation in ../locales/ru.json), English for
// browsers whose first language is English; dates in the Russian style (1 декабря 2026 г., 10:00).
export default {
  app: {
    name: 'Задачи',
    vendor: 'Visitflow'
  },
  locales: {
    availableLocales: ['ru', 'en'],
    fallbackLocale: 'ru'
  },
  dateFormat: {
    monthName: 'MMMM',
    day: 'DD',
    abbr: 'lll',
    normal: 'LLL',
    long: 'LLLL',
    short: 'LL'
  },
  disableWelcomeMessage: true,
  // one login: a signed-out webapp sends the browser to Visitflow's login page (see ../visitflow/sso.js)
  customScripts: ['../visitflow/sso'],
  shortcuts: {
    claimTask: { key: 'ctrl+alt+c', description: 'взять выбранную задачу' },
    focusFilter: { key: 'ctrl+shift+f', description: 'перейти к первому фильтру' },
    focusList: { key: 'ctrl+alt+l', description: 'перейти к первой задаче в списке' },
    focusForm: { key: 'ctrl+alt+f', description: 'перейти к первому полю формы задачи' },
    startProcess: { key: 'ctrl+alt+p', description: 'открыть запуск процесса' }
  }
};
