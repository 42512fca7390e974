import { mount } from 'svelte';
import 'genesys-chat/genesys-chat.js'; // registers <genesys-chat>
import type {} from 'genesys-chat/svelte'; // types <genesys-chat> in markup (svelte-check)
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
