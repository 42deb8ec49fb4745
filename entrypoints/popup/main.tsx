import { render } from 'preact';
import { PopupShell } from '@/src/ui';

render(<PopupShell />, document.getElementById('app')!);
