import { mount } from 'svelte';
import App from './App.svelte';
import { emptyRemovedForms } from './lib/removed-forms';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The window runs for hours on one page: forms that leave it must not stay in WebKit's memory.
emptyRemovedForms(target);

export default mount(App, { target });
