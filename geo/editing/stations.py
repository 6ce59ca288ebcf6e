"""Party-mass service stations: add, move, change radius or status (each one command)."""
from __future__ import annotations

from shapely.geometry import Point

from ..schema import STATION_LEVELS, STATION_STATUSES
from .assign import EditRefused
from ..commands import ChangeList
from .members import _free_id, _need
from ..messages import Message, register

register("station.bad_level_status", "级别须为 {levels} 之一，状态须为 {statuses} 之一",
         "Level must be one of {levels}, status one of {statuses}")
register("station.radius_positive", "服务半径必须大于零", "A service radius must be positive")
register("station.bad_status", "状态须为 {statuses} 之一", "Status must be one of {statuses}")


def add_station(project, x: float, y: float, name: str, *, level="community", status="planned",
                radius_m: float | None = None, community_id=None, station_id=None) -> ChangeList:
    """A new station at (x, y) in the project CRS; radius defaults to the project rule."""
    if level not in STATION_LEVELS or status not in STATION_STATUSES:
        raise EditRefused("station.bad_level_status", levels=", ".join(STATION_LEVELS),
                          statuses=", ".join(STATION_STATUSES))
    stations = project["stations"]
    station_id = station_id or _free_id(stations.index, "ST")
    row = {"station_id": station_id, "name": name, "level": level, "status": status,
           "service_radius_m": float(radius_m or project.rules.station_radius_m),
           "community_id": community_id, "geometry": Point(x, y)}
    return ChangeList(Message("command.add_station", name=name), [("insert", "stations", row)])


def move_station(project, station_id, x: float, y: float) -> ChangeList:
    _need(project, "stations", station_id)
    return ChangeList(Message("command.move_station", station=station_id),
                      [("update", "stations", station_id, {"geometry": Point(x, y)})])


def set_station_radius(project, station_id, radius_m: float) -> ChangeList:
    _need(project, "stations", station_id)
    if not radius_m > 0:
        raise EditRefused("station.radius_positive")
    return ChangeList(Message("command.station_radius", station=station_id),
                      [("update", "stations", station_id, {"service_radius_m": float(radius_m)})])


def set_station_status(project, station_id, status: str) -> ChangeList:
    _need(project, "stations", station_id)
    if status not in STATION_STATUSES:
        raise EditRefused("station.bad_status", statuses=", ".join(STATION_STATUSES))
    return ChangeList(Message("command.station_status", station=station_id),
                      [("update", "stations", station_id, {"status": status})])


def delete_station(project, station_id) -> ChangeList:
    _need(project, "stations", station_id)
    return ChangeList(Message("command.delete_station", station=station_id), [("delete", "stations", station_id)])
