/// <reference types="vite/client" />
// import.meta.env (PROD in `vite build`), typed.
