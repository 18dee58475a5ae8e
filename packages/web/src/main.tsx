import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LanguageProvider } from './i18n/language.tsx';
import { OfflineStatus } from './components/OfflineStatus.tsx';
import { startEarlyReads } from './lib/early-reads.ts';
import { registerServiceWorker } from './lib/register-sw.ts';
import { SessionProvider } from './session.tsx';
import './styles.css';

// The first screen's reads go out now, beside the session's (not after it, one after another).
startEarlyReads(window.location);

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <SessionProvider>
        <App />
        {/* Reports kept on the device while offline, on every page (and their sender). */}
        <OfflineStatus />
      </SessionProvider>
    </LanguageProvider>
  </StrictMode>,
);

// The app shell cached for offline use, in a built app only (Vite sets PROD in `vite build`).
registerServiceWorker(import.meta.env.PROD);
