import pytest

from articles.models import Article
from tests.desk import change_url
from tests.factories import editor, ready_article


@pytest.fixture
def desk(client):
    client.force_login(editor(username="edith"))
    return client


@pytest.fixture
def story(desk):
    article = ready_article(status=Article.Status.IN_REVIEW, title="Harbour reopens")
    desk.get(change_url(article))  # makes the desk's previews of its image once
    return article
