import './xz-display-app.ts';
