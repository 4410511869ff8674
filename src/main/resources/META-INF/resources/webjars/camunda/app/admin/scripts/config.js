// Visitflow: one login. A signed-out webapp sends the browser to Visitflow's login page (../visitflow/sso.js).
export default {
  customScripts: ['../visitflow/sso'],
  disableWelcomeMessage: true
};
