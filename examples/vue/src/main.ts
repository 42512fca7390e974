import { createApp } from 'vue';
import 'genesys-chat/genesys-chat.js'; // registers <genesys-chat>
import type {} from 'genesys-chat/vue'; // types <genesys-chat> in templates (Volar / vue-tsc)
import App from './App.vue';

createApp(App).mount('#app');
