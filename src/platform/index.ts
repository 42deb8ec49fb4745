export { nativeApi, type ExtensionApi } from './native-api';
