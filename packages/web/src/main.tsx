// Entry point: creates the SDK client for this origin, renders the app into #root and starts
// the service worker (offline shell, notifications).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { ClientProvider } from './client/client-context.js';
import { createBrowserClient } from './client/create-browser-client.js';
import { startServiceWorker } from './pwa/register.js';
import { strings } from './strings.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
document.title = strings.appName;
startServiceWorker();

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createBrowserClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
