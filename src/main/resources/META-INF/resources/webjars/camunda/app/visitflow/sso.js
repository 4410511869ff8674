// Visitflow signs users in once, on its own login page; the webapps take that login (container-based
// authentication). When a webapp would show its own login form (signed out, or the session ended), send the
// browser to Visitflow's login page instead, and back here afterwards.
const appRoot = document.querySelector('base').getAttribute('app-root') || '/camunda';
const contextPath = appRoot.replace(/\/camunda\/?$/, '');

function toVisitflowLogin() {
  if (window.location.hash.indexOf('#/login') === 0) {
    window.location.replace(contextPath + '/login');
  }
}

window.addEventListener('hashchange', toVisitflowLogin);
toVisitflowLogin();

export default [];
