"""Teaching layer: the dashboards (ipywidgets) the notebooks show. It calls the core and the render layer."""
