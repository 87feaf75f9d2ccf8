// The Live entry's icon lives with the others.
export { LiveIcon } from '../components/icons';
