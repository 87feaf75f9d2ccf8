// Live video in the console. Pages: LivePage (#/live), CameraViewPage (#/camera/<id>).
// For other pages: <CameraThumbnail cameraId={id} /> (a still refreshed from key frames)
// and <VideoTile cameraId={id} />.
export { CameraThumbnail } from './CameraThumbnail';
export { CameraViewPage } from './CameraViewPage';
export { LiveIcon } from './LiveIcon';
export { LivePage } from './LivePage';
export { VideoTile, type VideoTileProps } from './VideoTile';
