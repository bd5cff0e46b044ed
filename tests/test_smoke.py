from tests.conftest import World


def test_world_builds(world: World) -> None:
    assert world.orgs["A"].path.startswith(world.orgs["U1"].path)
    assert world.persons["member"].home_id == world.orgs["A"].pk
