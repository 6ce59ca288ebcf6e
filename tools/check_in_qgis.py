"""Open every layer of a project in QGIS and report validity (run by hand; CI has no QGIS).

    apt-get install python3-qgis qgis-providers
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/check_in_qgis.py PROJECT.gpkg

Prints one line per layer (valid, feature count, CRS, invalid geometries) and
exits 1 if QGIS finds any layer invalid or any geometry not GEOS-valid. QGIS's
own Python bindings may crash while shutting down; the report is printed first.
"""
import sys

from osgeo import ogr
from qgis.core import Qgis, QgsApplication, QgsVectorLayer


def main(path: str) -> int:
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    ds = ogr.Open(path)
    failures = 0
    print(f"QGIS {Qgis.QGIS_VERSION}")
    for i in range(ds.GetLayerCount()):
        name = ds.GetLayer(i).GetName()
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        invalid = sum(1 for f in layer.getFeatures() if f.hasGeometry() and not f.geometry().isGeosValid())
        failures += (not layer.isValid()) + invalid
        print(f"{name:18} valid={layer.isValid()} features={layer.featureCount()}"
              f" crs={layer.crs().authid() or '-'} invalid_geometries={invalid}", flush=True)
    sys.stdout.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
