"""Stand-in for matplotlib.pyplot: figures remember what was drawn on them, and savefig() writes that down.

Like pyplot, it keeps a current figure: plot() and savefig() on the module act on it, and a new figure becomes
current. What savefig() writes depends only on what was drawn, so the same figure saves the same bytes and a
new, empty figure saves different ones.
"""
import json

_figures = []


class Figure:
    def __init__(self):
        self.number = len(_figures) + 1
        self.drawn = []

    def savefig(self, fname, **kwargs):
        data = json.dumps(self.drawn, sort_keys=True, default=repr).encode("utf-8")
        if hasattr(fname, "write"):
            fname.write(data)
        else:
            with open(fname, "wb") as handle:
                handle.write(data)

    def __getattr__(self, name):
        # suptitle, tight_layout, ...: drawing calls, remembered.
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.drawn.append([name, list(args), kwargs])


class Axes:
    def __init__(self, figure):
        self.figure = figure

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.figure.drawn.append(["axes." + name, list(args), kwargs])


def figure(*args, **kwargs):
    _figures.append(Figure())
    return _figures[-1]


def gcf():
    return _figures[-1] if _figures else figure()


def subplots(*args, **kwargs):
    fig = figure()
    return fig, Axes(fig)


def savefig(fname, **kwargs):
    gcf().savefig(fname, **kwargs)


def close(*args, **kwargs):
    pass


def show(*args, **kwargs):
    pass


def __getattr__(name):
    # plot, title, xlabel, legend, ...: drawn on the current figure.
    if name.startswith("_"):
        raise AttributeError(name)
    return lambda *args, **kwargs: gcf().drawn.append([name, list(args), kwargs])
