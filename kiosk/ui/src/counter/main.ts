import './xz-counter-app.ts';
