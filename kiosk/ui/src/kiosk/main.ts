import './xz-kiosk-app.ts';
