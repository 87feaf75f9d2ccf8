import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyStateEvent, setConnection } from './store';
import { setApi } from './store/api';
import { createRendererApi } from './transport';
import './styles/index.css';

const { api, connection } = createRendererApi();
setApi(api);
setConnection(connection.get());
connection.subscribe(setConnection);
api.subscribeState((event) => {
  if (!applyStateEvent(event)) api.requestSnapshot();
});

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
