import { defineMessages } from '../define.ts';

// Logging in (password, SITHS) and out.
export const login = defineMessages(
  {
    'login.title': 'Logga in',
    'login.intro': 'Logga in med ditt användarnamn och lösenord.',
    'login.username': 'Användarnamn',
    'login.password': 'Lösenord',
    'login.submit': 'Logga in',
    'login.submitting': 'Loggar in…',
    'login.demoHint': 'Demo: t.ex. forskrivare eller admin, lösenord bista-demo-2026',
    'login.loggedOut': 'Du är utloggad.',
    'login.siths': 'Logga in med SITHS-kort',
    'login.sithsIntro': 'Logga in med ditt SITHS-kort via regionens inloggningstjänst.',
    'login.or': 'eller med användarnamn och lösenord',
    'login.sso.unknown-user':
      'Ditt SITHS-kort fungerade, men ditt HSA-id finns inte som användare i Bistå. Be ditt lokala förskrivarstöd att skicka en behörighetsansökan för dig, så registreras du inom en vecka.',
    'login.sso.inactive': 'Ditt konto i Bistå är inaktiverat. Be ditt lokala förskrivarstöd om en behörighetsansökan för att få det aktiverat igen.',
    'login.sso.expired': 'Inloggningen tog för lång tid. Försök igen.',
    'login.sso.idp-error': 'Inloggningen med SITHS-kort avbröts. Försök igen.',
    'login.sso.not-configured': 'Inloggning med SITHS-kort finns inte här.',
    'login.sso.unavailable': 'Regionens inloggningstjänst svarar inte just nu. Försök igen om en stund.',
    'login.sso.failed': 'Inloggningen med SITHS-kort kunde inte genomföras. Försök igen; kvarstår felet, kontakta support.',
    'login.sessionEnded': 'Din inloggning har upphört. Logga in igen.',
  },
  {
    'login.title': 'Sign in',
    'login.intro': 'Sign in with your username and password.',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.submitting': 'Signing in…',
    'login.demoHint': 'Demo: e.g. forskrivare or admin, password bista-demo-2026',
    'login.loggedOut': 'You have signed out.',
    'login.siths': 'Log in with SITHS card',
    'login.sithsIntro': "Log in with your SITHS card through the region's login service.",
    'login.or': 'or with username and password',
    'login.sso.unknown-user':
      'Your SITHS card worked, but your HSA id is not a user in Bistå. Ask your local prescriber support to send an access application for you; you will be registered within a week.',
    'login.sso.inactive': 'Your Bistå account is inactivated. Ask your local prescriber support for an access application to have it activated again.',
    'login.sso.expired': 'The login took too long. Please try again.',
    'login.sso.idp-error': 'The SITHS card login was cancelled. Please try again.',
    'login.sso.not-configured': 'Logging in with a SITHS card is not available here.',
    'login.sso.unavailable': "The region's login service is not answering just now. Please try again in a while.",
    'login.sso.failed': 'The SITHS card login could not be completed. Please try again; if it persists, contact support.',
    'login.sessionEnded': 'Your session has ended. Please sign in again.',
  },
);
