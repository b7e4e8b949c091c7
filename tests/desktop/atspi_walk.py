"""Print, as JSON, what a screen reader finds of one application on the AT-SPI bus.

Run by the SYSTEM python (/usr/bin/python3, whose gi and Atspi come from apt; the
project's venv cannot import them): ``atspi_walk.py APP_NAME [TIMEOUT]``. It prints
``listening`` once it hears focus events, as Orca does, and at a line on stdin prints
``{"tree": ..., "focus": ...}``: the application's tree and the object that last took
the focus (a table's cell editor is reached only that way, never as a child). Each
node: role, name, description, states, the names of the labels it is labelled by,
children. Exit status 3: the application never appeared on the bus.
"""
import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

MAX_CHILDREN = 400       # a long table's cells: enough to see, never a minute's walk


def find_app(name, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and (app.get_name() or "") == name:
                return app
        time.sleep(0.2)
    return None


def node(obj, depth=0):
    states = obj.get_state_set().get_states()
    labels = []
    for rel in obj.get_relation_set() or []:
        if rel.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            labels += [rel.get_target(i).get_name() or "" for i in range(rel.get_n_targets())]
    children = []
    if depth < 40:
        for i in range(min(obj.get_child_count(), MAX_CHILDREN)):
            child = obj.get_child_at_index(i)
            if child is not None:
                children.append(node(child, depth + 1))
    return {"role": obj.get_role_name(), "name": obj.get_name() or "",
            "description": obj.get_description() or "",
            "states": [Atspi.StateType(s).value_nick for s in states],
            "labels": labels, "children": children}


def main():
    focus = {}

    def on_focus(event):
        if event.detail1:
            focus["last"] = event.source
    listener = Atspi.EventListener.new(on_focus)
    listener.register("object:state-changed:focused")
    loop = GLib.MainLoop()

    def on_line(*_args):
        sys.stdin.readline()
        loop.quit()
        return False
    GLib.io_add_watch(sys.stdin, GLib.IO_IN, on_line)
    print("listening", flush=True)
    loop.run()
    app = find_app(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 20)
    if app is None:
        return 3
    last = focus.get("last")
    json.dump({"tree": node(app), "focus": node(last, 38) if last is not None else None},
              sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
