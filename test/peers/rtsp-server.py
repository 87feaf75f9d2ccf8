#!/usr/bin/python3
"""A GStreamer RTSP server for camrelay's tests and benchmarks.

Run with Debian's python3 (it has the `gi` module):

  /usr/bin/python3 test/peers/rtsp-server.py [--port N] [--mount PATH=KIND]... [options]

KIND is one of:
  h264-aac   H.264 (x264enc) + AAC (avenc_aac), the usual camera
  h264       H.264 only
  h265       H.265 (x265enc)
  mjpeg      JPEG (jpegenc + rtpjpegpay)
  g711       G.711 A-law audio (alawenc + rtppcmapay)
  pcmu       G.711 mu-law audio
  opus       Opus audio (opusenc + rtpopuspay)
  file:PATH  a pre-encoded MP4 (H.264), re-sent without encoding (for benchmarks)
  relay:URL  an RTSP relay of another server's H.264 (rtspsrc ! rtph264depay ! rtph264pay);
             with --shared, one upstream session for all clients (the restream benchmark)

Video is WIDTHxHEIGHT at FPS with a key frame every KEY_INT frames (videotestsrc
--pattern, default ball; snow makes every frame as large as the bitrate allows). With --user
NAME:PASSWORD (repeatable) every mount requires that user, with --auth basic|digest.
Prints "READY <port>" on stdout once listening; exits on SIGTERM/SIGINT or stdin EOF.
"""
import argparse
import signal
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def video_src(a):
    return (f'videotestsrc is-live=true pattern={a.pattern} ! video/x-raw,width={a.width},height={a.height},'
            f'framerate={a.fps}/1 ! videoconvert')


def launch(kind, a):
    vs = video_src(a)
    k = a.key_int
    x264 = f'x264enc tune=zerolatency speed-preset=ultrafast threads=1 key-int-max={k} bitrate={a.bitrate} ! video/x-h264,profile=baseline'
    aac = 'audiotestsrc is-live=true samplesperbuffer=1024 wave=sine ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=2 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97'
    if kind == 'h264-aac':
        return f'( {vs} ! {x264} ! rtph264pay name=pay0 pt=96 config-interval=-1 {aac} )'
    if kind == 'h264':
        return f'( {vs} ! {x264} ! rtph264pay name=pay0 pt=96 config-interval=-1 )'
    if kind == 'h265':
        return (f'( {vs} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={k} bitrate={a.bitrate} '
                f'! rtph265pay name=pay0 pt=96 config-interval=-1 )')
    if kind == 'mjpeg':
        return f'( {vs} ! video/x-raw,format=I420 ! jpegenc quality=50 ! rtpjpegpay name=pay0 pt=26 )'
    if kind == 'g711':
        return ('( audiotestsrc is-live=true samplesperbuffer=160 ! audioconvert ! audioresample ! audio/x-raw,rate=8000,channels=1 '
                '! alawenc ! rtppcmapay name=pay0 pt=8 )')
    if kind == 'pcmu':
        return ('( audiotestsrc is-live=true samplesperbuffer=160 ! audioconvert ! audioresample ! audio/x-raw,rate=8000,channels=1 '
                '! mulawenc ! rtppcmupay name=pay0 pt=0 )')
    if kind == 'opus':
        return ('( audiotestsrc is-live=true samplesperbuffer=160 ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=2 '
                '! opusenc frame-size=20 ! rtpopuspay name=pay0 pt=111 )')
    if kind.startswith('file:'):
        path = kind[5:]
        # identity sync=true paces the file at its own frame rate, as a camera would.
        return (f'( filesrc location="{path}" ! qtdemux ! h264parse ! identity sync=true '
                f'! rtph264pay name=pay0 pt=96 config-interval=-1 )')
    if kind.startswith('relay:'):
        return (f'( rtspsrc location="{kind[6:]}" protocols=tcp latency=0 ! rtph264depay '
                f'! rtph264pay name=pay0 pt=96 config-interval=-1 )')
    raise SystemExit(f'unknown mount kind {kind!r}')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--port', type=int, default=0, help='TCP port (0: any free port)')
    p.add_argument('--address', default='127.0.0.1')
    p.add_argument('--mount', action='append', default=[], help='PATH=KIND, e.g. /cam=h264-aac')
    p.add_argument('--width', type=int, default=320)
    p.add_argument('--height', type=int, default=240)
    p.add_argument('--fps', type=int, default=30)
    p.add_argument('--key-int', type=int, default=30)
    p.add_argument('--bitrate', type=int, default=500, help='kbit/s for x264/x265')
    p.add_argument('--pattern', default='ball', help='videotestsrc pattern (snow: incompressible, high bitrate)')
    p.add_argument('--user', action='append', default=[], help='NAME:PASSWORD')
    p.add_argument('--auth', choices=['basic', 'digest'], default='digest')
    p.add_argument('--shared', action='store_true', help='one pipeline for all clients of a mount')
    p.add_argument('--session-timeout', type=int, default=60)
    a = p.parse_args()
    if not a.mount:
        a.mount = ['/cam=h264-aac']

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(a.address)
    server.set_service(str(a.port))

    if a.user:
        auth = GstRtspServer.RTSPAuth()
        # The binding takes one method: the challenge the server sends.
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC if a.auth == 'basic' else GstRtsp.RTSPAuthMethod.DIGEST)
        for u in a.user:
            name, _, password = u.partition(':')
            token = GstRtspServer.RTSPToken()
            token.set_string('media.factory.role', 'user')
            if a.auth == 'basic':
                auth.add_basic(GstRtspServer.RTSPAuth.make_basic(name, password), token)
            else:
                auth.add_digest(name, password, token)
        server.set_auth(auth)

    mounts = server.get_mount_points()
    for m in a.mount:
        path, _, kind = m.partition('=')
        f = GstRtspServer.RTSPMediaFactory()
        f.set_launch(launch(kind, a))
        f.set_shared(a.shared)
        f.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        if a.user:
            perms = GstRtspServer.RTSPPermissions()
            perms.add_permission_for_role('user', 'media.factory.access', True)
            perms.add_permission_for_role('user', 'media.factory.construct', True)
            f.set_permissions(perms)
        mounts.add_factory(path, f)

    pool = server.get_session_pool()
    pool.set_max_sessions(0)
    # Connected RTSP clients, printed as `CLIENTS n` on each change: lets a test check that
    # many viewers of camrelay cost the camera one session.
    clients = {'n': 0}

    def client_closed(_client):
        clients['n'] -= 1
        print(f"CLIENTS {clients['n']}", flush=True)

    def client_connected(_server, client):
        clients['n'] += 1
        client.connect('closed', client_closed)
        print(f"CLIENTS {clients['n']}", flush=True)

    server.connect('client-connected', client_connected)
    server.attach(None)
    print(f'READY {server.get_bound_port()}', flush=True)

    loop = GLib.MainLoop()

    def cleanup():
        pool.cleanup()
        return True

    GLib.timeout_add_seconds(2, cleanup)

    def stop(*_):
        loop.quit()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_stdin():
        try:
            sys.stdin.read()
        except Exception:
            pass
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.run()


if __name__ == '__main__':
    main()
