import { render } from 'preact';
import { OptionsShell } from '@/src/ui';

render(<OptionsShell />, document.getElementById('app')!);
