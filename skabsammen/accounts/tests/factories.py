import factory

from skabsammen.accounts.models import Role, User
from skabsammen.municipality.tests.factories import DepartmentFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"borger{n}@example.dk")
    name = factory.Sequence(lambda n: f"Borger Nummer{n}")
    role = Role.CITIZEN
    password = "!"  # unusable: nobody has a password


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"medarbejder{n}@gentofte.dk")
    name = factory.Sequence(lambda n: f"Medarbejder Nummer{n}")
    role = Role.STAFF
    department = factory.SubFactory(DepartmentFactory)


class SecretariatFactory(StaffFactory):
    email = factory.Sequence(lambda n: f"sekretariat{n}@gentofte.dk")
    role = Role.SECRETARIAT


class AdministratorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@gentofte.dk")
    role = Role.ADMINISTRATOR
