// Entry point of the dashboard bundle: starts the dashboard once the page is parsed.
import { Dashboard } from './dashboard.js';

const start = () => {
  const dashboard = new Dashboard();
  dashboard.start();
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
